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
var<workgroup> partial: array<f32, 640>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = wid.x + wid.y * groups.x;
  if (i >= params.count) { return; }
  let row = rowOf(i);
  var acc: array<f32, 10>;
  let base = row * 196u;
  for (var k = lid; k < 196u; k += 64u) {
    let word = images[base + k];
    if (word == 0u) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let px = (word >> (j * 8u)) & 0xffu;
      if (px == 0u) { continue; }
      let x = f32(px) / 255.0;
      let wk = (k * 4u + j) * C;
      for (var c = 0u; c < C; c++) { acc[c] += x * w[wk + c]; }
    }
  }
  for (var c = 0u; c < C; c++) { partial[lid * C + c] = acc[c]; }
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (lid < s) {
      for (var c = 0u; c < C; c++) { partial[lid * C + c] += partial[(lid + s) * C + c]; }
    }
    workgroupBarrier();
  }
  for (var c = lid; c < C; c += 64u) { out[i * C + c] = partial[c] + b[c]; }
}
