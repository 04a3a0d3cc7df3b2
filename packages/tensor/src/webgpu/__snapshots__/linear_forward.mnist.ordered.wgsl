// linear_forward F=784 C=10 ordered=true workgroup=64
const F = 784u;
const C = 10u;
struct Params { offset: u32, count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
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
  let base = row * 196u;
  for (var k4 = 0u; k4 < 196u; k4++) {
    let word = images[base + k4];
    if (word == 0u) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let px = (word >> (j * 8u)) & 0xffu;
      if (px != 0u) { acc += (f32(px) / 255.0) * w[(k4 * 4u + j) * C + c]; }
    }
  }
  out[t] = acc + b[c];
}
