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
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let g = wid.x + wid.y * groups.x;
  let c0 = g % 1u * 3u;
  let first = g / 1u * 256u + lid;
  let i0 = first + 0u;
  let i1 = first + 64u;
  let i2 = first + 128u;
  let i3 = first + 192u;
  let base0 = rowOf(min(i0, params.count - 1u)) * F;
  let base1 = rowOf(min(i1, params.count - 1u)) * F;
  let base2 = rowOf(min(i2, params.count - 1u)) * F;
  let base3 = rowOf(min(i3, params.count - 1u)) * F;
  var a0_0 = 0.0; var a0_1 = 0.0; var a0_2 = 0.0;
  var a1_0 = 0.0; var a1_1 = 0.0; var a1_2 = 0.0;
  var a2_0 = 0.0; var a2_1 = 0.0; var a2_2 = 0.0;
  var a3_0 = 0.0; var a3_1 = 0.0; var a3_2 = 0.0;
  for (var k = 0u; k < F; k++) {
    let x0 = f32(pixel(base0 + k)) / 255.0;
    let x1 = f32(pixel(base1 + k)) / 255.0;
    let x2 = f32(pixel(base2 + k)) / 255.0;
    let x3 = f32(pixel(base3 + k)) / 255.0;
    { let wc = w[k * C + 0u]; a0_0 += x0 * wc; a1_0 += x1 * wc; a2_0 += x2 * wc; a3_0 += x3 * wc; }
    { let wc = w[k * C + 1u]; a0_1 += x0 * wc; a1_1 += x1 * wc; a2_1 += x2 * wc; a3_1 += x3 * wc; }
    { let wc = w[k * C + 2u]; a0_2 += x0 * wc; a1_2 += x1 * wc; a2_2 += x2 * wc; a3_2 += x3 * wc; }
  }
  if (i0 < params.count) {
    out[i0 * C + c0 + 0u] = a0_0 + b[c0 + 0u];
    out[i0 * C + c0 + 1u] = a0_1 + b[c0 + 1u];
    out[i0 * C + c0 + 2u] = a0_2 + b[c0 + 2u];
  }
  if (i1 < params.count) {
    out[i1 * C + c0 + 0u] = a1_0 + b[c0 + 0u];
    out[i1 * C + c0 + 1u] = a1_1 + b[c0 + 1u];
    out[i1 * C + c0 + 2u] = a1_2 + b[c0 + 2u];
  }
  if (i2 < params.count) {
    out[i2 * C + c0 + 0u] = a2_0 + b[c0 + 0u];
    out[i2 * C + c0 + 1u] = a2_1 + b[c0 + 1u];
    out[i2 * C + c0 + 2u] = a2_2 + b[c0 + 2u];
  }
  if (i3 < params.count) {
    out[i3 * C + c0 + 0u] = a3_0 + b[c0 + 0u];
    out[i3 * C + c0 + 1u] = a3_1 + b[c0 + 1u];
    out[i3 * C + c0 + 2u] = a3_2 + b[c0 + 2u];
  }
}
