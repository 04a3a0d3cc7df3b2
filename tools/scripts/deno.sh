#!/bin/sh
# Runs the workspace's Deno without the npm package's Node shim (node_modules/.bin/deno starts Node,
# which then spawns the binary: ~90 ms and a Node process that stays alive). The binary is there once
# the `deno` package's postinstall has run; otherwise any `deno` on PATH (the shim included) is used.
#
# `deno.sh test DIR`: a folder given to `deno test` stands for its `*.deno_test.ts` files only. Deno
# would also take the vitest `*_test.ts` files beside them, which fail under Deno (the config's
# `test.include` does not apply to paths given on the command line). Not with `--doc`, whose folder
# means the code blocks of every module in it.
case " $* " in *" --doc "*) doc=1 ;; *) doc=0 ;; esac
if [ "$1" = test ] && [ "$doc" = 0 ]; then
  count=$#
  for arg in "$@"; do
    if [ "$arg" != test ] && [ -d "$arg" ]; then arg="${arg%/}/**/*.deno_test.ts"; fi
    set -- "$@" "$arg"
  done
  shift "$count"
fi
bin="$(dirname "$0")/../../node_modules/deno/deno"
if [ -x "$bin" ]; then exec "$bin" "$@"; fi
exec deno "$@"
