#!/bin/sh
# Runs the workspace's Deno without the npm package's Node shim (node_modules/.bin/deno starts Node,
# which then spawns the binary: ~90 ms and a Node process that stays alive). The binary is there once
# the `deno` package's postinstall has run; otherwise any `deno` on PATH (the shim included) is used.
bin="$(dirname "$0")/../../node_modules/deno/deno"
if [ -x "$bin" ]; then exec "$bin" "$@"; fi
exec deno "$@"
