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
var<workgroup> partial: array<f32, 192>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let i = wid.x + wid.y * groups.x;
  if (i >= params.count) { return; }
  let row = rowOf(i);
  var acc: array<f32, 3>;
  let base = row * F;
  for (var k = lid; k < F; k += 64u) {
    let px = pixel(base + k);
    if (px == 0u) { continue; }
    let x = f32(px) / 255.0;
    for (var c = 0u; c < C; c++) { acc[c] += x * w[k * C + c]; }
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
