// linear_forward F=13 C=3 ordered=false workgroup=64
const F = 13u;
const C = 3u;
struct Params { offset: u32, count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t >= params.count * C) { return; }
  let i = t / C;
  let c = t % C;
  let row = rowOf(i);
  var acc = 0.0;
  let base = row * F;
  for (var k = 0u; k < F; k++) {
    let px = pixel(base + k);
    if (px != 0u) { acc += (f32(px) / 255.0) * w[k * C + c]; }
  }
  out[t] = acc + b[c];
}
