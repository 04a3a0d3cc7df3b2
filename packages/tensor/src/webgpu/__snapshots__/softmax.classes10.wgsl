// softmax C=10 inPlace=false workgroup=64
const C = 10u;
struct Params { rows: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.rows) { return; }
  let o = i * C;
  var zmax = z[o];
  for (var c = 1u; c < C; c++) { zmax = max(zmax, z[o + c]); }
  var e: array<f32, 10>;
  var sum = 0.0;
  for (var c = 0u; c < C; c++) { e[c] = exp(z[o + c] - zmax); sum += e[c]; }
  for (var c = 0u; c < C; c++) { out[o + c] = e[c] / sum; }
}
