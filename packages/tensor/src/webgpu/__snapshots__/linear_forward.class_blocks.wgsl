// linear_forward F=40 C=20 ordered=false workgroup=64
const F = 40u;
const C = 20u;
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
  let c0 = g % 2u * 16u;
  let first = g / 2u * 128u + lid;
  let i0 = first + 0u;
  let i1 = first + 64u;
  let base0 = rowOf(min(i0, params.count - 1u)) * 10u;
  let base1 = rowOf(min(i1, params.count - 1u)) * 10u;
  var a0_0 = 0.0; var a0_1 = 0.0; var a0_2 = 0.0; var a0_3 = 0.0; var a0_4 = 0.0; var a0_5 = 0.0; var a0_6 = 0.0; var a0_7 = 0.0; var a0_8 = 0.0; var a0_9 = 0.0; var a0_10 = 0.0; var a0_11 = 0.0; var a0_12 = 0.0; var a0_13 = 0.0; var a0_14 = 0.0; var a0_15 = 0.0;
  var a1_0 = 0.0; var a1_1 = 0.0; var a1_2 = 0.0; var a1_3 = 0.0; var a1_4 = 0.0; var a1_5 = 0.0; var a1_6 = 0.0; var a1_7 = 0.0; var a1_8 = 0.0; var a1_9 = 0.0; var a1_10 = 0.0; var a1_11 = 0.0; var a1_12 = 0.0; var a1_13 = 0.0; var a1_14 = 0.0; var a1_15 = 0.0;
  for (var k4 = 0u; k4 < 10u; k4++) {
    let x0 = vec4f((vec4u(images[base0 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let x1 = vec4f((vec4u(images[base1 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let k0 = (k4 * 4u + 0u) * C;
    { let wc = select(0.0, w[min(k0 + c0 + 0u, 799u)], c0 + 0u < C); a0_0 += x0[0] * wc; a1_0 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 1u, 799u)], c0 + 1u < C); a0_1 += x0[0] * wc; a1_1 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 2u, 799u)], c0 + 2u < C); a0_2 += x0[0] * wc; a1_2 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 3u, 799u)], c0 + 3u < C); a0_3 += x0[0] * wc; a1_3 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 4u, 799u)], c0 + 4u < C); a0_4 += x0[0] * wc; a1_4 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 5u, 799u)], c0 + 5u < C); a0_5 += x0[0] * wc; a1_5 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 6u, 799u)], c0 + 6u < C); a0_6 += x0[0] * wc; a1_6 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 7u, 799u)], c0 + 7u < C); a0_7 += x0[0] * wc; a1_7 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 8u, 799u)], c0 + 8u < C); a0_8 += x0[0] * wc; a1_8 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 9u, 799u)], c0 + 9u < C); a0_9 += x0[0] * wc; a1_9 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 10u, 799u)], c0 + 10u < C); a0_10 += x0[0] * wc; a1_10 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 11u, 799u)], c0 + 11u < C); a0_11 += x0[0] * wc; a1_11 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 12u, 799u)], c0 + 12u < C); a0_12 += x0[0] * wc; a1_12 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 13u, 799u)], c0 + 13u < C); a0_13 += x0[0] * wc; a1_13 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 14u, 799u)], c0 + 14u < C); a0_14 += x0[0] * wc; a1_14 += x1[0] * wc; }
    { let wc = select(0.0, w[min(k0 + c0 + 15u, 799u)], c0 + 15u < C); a0_15 += x0[0] * wc; a1_15 += x1[0] * wc; }
    let k1 = (k4 * 4u + 1u) * C;
    { let wc = select(0.0, w[min(k1 + c0 + 0u, 799u)], c0 + 0u < C); a0_0 += x0[1] * wc; a1_0 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 1u, 799u)], c0 + 1u < C); a0_1 += x0[1] * wc; a1_1 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 2u, 799u)], c0 + 2u < C); a0_2 += x0[1] * wc; a1_2 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 3u, 799u)], c0 + 3u < C); a0_3 += x0[1] * wc; a1_3 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 4u, 799u)], c0 + 4u < C); a0_4 += x0[1] * wc; a1_4 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 5u, 799u)], c0 + 5u < C); a0_5 += x0[1] * wc; a1_5 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 6u, 799u)], c0 + 6u < C); a0_6 += x0[1] * wc; a1_6 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 7u, 799u)], c0 + 7u < C); a0_7 += x0[1] * wc; a1_7 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 8u, 799u)], c0 + 8u < C); a0_8 += x0[1] * wc; a1_8 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 9u, 799u)], c0 + 9u < C); a0_9 += x0[1] * wc; a1_9 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 10u, 799u)], c0 + 10u < C); a0_10 += x0[1] * wc; a1_10 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 11u, 799u)], c0 + 11u < C); a0_11 += x0[1] * wc; a1_11 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 12u, 799u)], c0 + 12u < C); a0_12 += x0[1] * wc; a1_12 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 13u, 799u)], c0 + 13u < C); a0_13 += x0[1] * wc; a1_13 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 14u, 799u)], c0 + 14u < C); a0_14 += x0[1] * wc; a1_14 += x1[1] * wc; }
    { let wc = select(0.0, w[min(k1 + c0 + 15u, 799u)], c0 + 15u < C); a0_15 += x0[1] * wc; a1_15 += x1[1] * wc; }
    let k2 = (k4 * 4u + 2u) * C;
    { let wc = select(0.0, w[min(k2 + c0 + 0u, 799u)], c0 + 0u < C); a0_0 += x0[2] * wc; a1_0 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 1u, 799u)], c0 + 1u < C); a0_1 += x0[2] * wc; a1_1 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 2u, 799u)], c0 + 2u < C); a0_2 += x0[2] * wc; a1_2 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 3u, 799u)], c0 + 3u < C); a0_3 += x0[2] * wc; a1_3 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 4u, 799u)], c0 + 4u < C); a0_4 += x0[2] * wc; a1_4 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 5u, 799u)], c0 + 5u < C); a0_5 += x0[2] * wc; a1_5 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 6u, 799u)], c0 + 6u < C); a0_6 += x0[2] * wc; a1_6 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 7u, 799u)], c0 + 7u < C); a0_7 += x0[2] * wc; a1_7 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 8u, 799u)], c0 + 8u < C); a0_8 += x0[2] * wc; a1_8 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 9u, 799u)], c0 + 9u < C); a0_9 += x0[2] * wc; a1_9 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 10u, 799u)], c0 + 10u < C); a0_10 += x0[2] * wc; a1_10 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 11u, 799u)], c0 + 11u < C); a0_11 += x0[2] * wc; a1_11 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 12u, 799u)], c0 + 12u < C); a0_12 += x0[2] * wc; a1_12 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 13u, 799u)], c0 + 13u < C); a0_13 += x0[2] * wc; a1_13 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 14u, 799u)], c0 + 14u < C); a0_14 += x0[2] * wc; a1_14 += x1[2] * wc; }
    { let wc = select(0.0, w[min(k2 + c0 + 15u, 799u)], c0 + 15u < C); a0_15 += x0[2] * wc; a1_15 += x1[2] * wc; }
    let k3 = (k4 * 4u + 3u) * C;
    { let wc = select(0.0, w[min(k3 + c0 + 0u, 799u)], c0 + 0u < C); a0_0 += x0[3] * wc; a1_0 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 1u, 799u)], c0 + 1u < C); a0_1 += x0[3] * wc; a1_1 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 2u, 799u)], c0 + 2u < C); a0_2 += x0[3] * wc; a1_2 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 3u, 799u)], c0 + 3u < C); a0_3 += x0[3] * wc; a1_3 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 4u, 799u)], c0 + 4u < C); a0_4 += x0[3] * wc; a1_4 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 5u, 799u)], c0 + 5u < C); a0_5 += x0[3] * wc; a1_5 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 6u, 799u)], c0 + 6u < C); a0_6 += x0[3] * wc; a1_6 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 7u, 799u)], c0 + 7u < C); a0_7 += x0[3] * wc; a1_7 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 8u, 799u)], c0 + 8u < C); a0_8 += x0[3] * wc; a1_8 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 9u, 799u)], c0 + 9u < C); a0_9 += x0[3] * wc; a1_9 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 10u, 799u)], c0 + 10u < C); a0_10 += x0[3] * wc; a1_10 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 11u, 799u)], c0 + 11u < C); a0_11 += x0[3] * wc; a1_11 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 12u, 799u)], c0 + 12u < C); a0_12 += x0[3] * wc; a1_12 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 13u, 799u)], c0 + 13u < C); a0_13 += x0[3] * wc; a1_13 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 14u, 799u)], c0 + 14u < C); a0_14 += x0[3] * wc; a1_14 += x1[3] * wc; }
    { let wc = select(0.0, w[min(k3 + c0 + 15u, 799u)], c0 + 15u < C); a0_15 += x0[3] * wc; a1_15 += x1[3] * wc; }
  }
  if (i0 < params.count) {
    if (c0 + 0u < C) { out[i0 * C + c0 + 0u] = a0_0 + b[c0 + 0u]; }
    if (c0 + 1u < C) { out[i0 * C + c0 + 1u] = a0_1 + b[c0 + 1u]; }
    if (c0 + 2u < C) { out[i0 * C + c0 + 2u] = a0_2 + b[c0 + 2u]; }
    if (c0 + 3u < C) { out[i0 * C + c0 + 3u] = a0_3 + b[c0 + 3u]; }
    if (c0 + 4u < C) { out[i0 * C + c0 + 4u] = a0_4 + b[c0 + 4u]; }
    if (c0 + 5u < C) { out[i0 * C + c0 + 5u] = a0_5 + b[c0 + 5u]; }
    if (c0 + 6u < C) { out[i0 * C + c0 + 6u] = a0_6 + b[c0 + 6u]; }
    if (c0 + 7u < C) { out[i0 * C + c0 + 7u] = a0_7 + b[c0 + 7u]; }
    if (c0 + 8u < C) { out[i0 * C + c0 + 8u] = a0_8 + b[c0 + 8u]; }
    if (c0 + 9u < C) { out[i0 * C + c0 + 9u] = a0_9 + b[c0 + 9u]; }
    if (c0 + 10u < C) { out[i0 * C + c0 + 10u] = a0_10 + b[c0 + 10u]; }
    if (c0 + 11u < C) { out[i0 * C + c0 + 11u] = a0_11 + b[c0 + 11u]; }
    if (c0 + 12u < C) { out[i0 * C + c0 + 12u] = a0_12 + b[c0 + 12u]; }
    if (c0 + 13u < C) { out[i0 * C + c0 + 13u] = a0_13 + b[c0 + 13u]; }
    if (c0 + 14u < C) { out[i0 * C + c0 + 14u] = a0_14 + b[c0 + 14u]; }
    if (c0 + 15u < C) { out[i0 * C + c0 + 15u] = a0_15 + b[c0 + 15u]; }
  }
  if (i1 < params.count) {
    if (c0 + 0u < C) { out[i1 * C + c0 + 0u] = a1_0 + b[c0 + 0u]; }
    if (c0 + 1u < C) { out[i1 * C + c0 + 1u] = a1_1 + b[c0 + 1u]; }
    if (c0 + 2u < C) { out[i1 * C + c0 + 2u] = a1_2 + b[c0 + 2u]; }
    if (c0 + 3u < C) { out[i1 * C + c0 + 3u] = a1_3 + b[c0 + 3u]; }
    if (c0 + 4u < C) { out[i1 * C + c0 + 4u] = a1_4 + b[c0 + 4u]; }
    if (c0 + 5u < C) { out[i1 * C + c0 + 5u] = a1_5 + b[c0 + 5u]; }
    if (c0 + 6u < C) { out[i1 * C + c0 + 6u] = a1_6 + b[c0 + 6u]; }
    if (c0 + 7u < C) { out[i1 * C + c0 + 7u] = a1_7 + b[c0 + 7u]; }
    if (c0 + 8u < C) { out[i1 * C + c0 + 8u] = a1_8 + b[c0 + 8u]; }
    if (c0 + 9u < C) { out[i1 * C + c0 + 9u] = a1_9 + b[c0 + 9u]; }
    if (c0 + 10u < C) { out[i1 * C + c0 + 10u] = a1_10 + b[c0 + 10u]; }
    if (c0 + 11u < C) { out[i1 * C + c0 + 11u] = a1_11 + b[c0 + 11u]; }
    if (c0 + 12u < C) { out[i1 * C + c0 + 12u] = a1_12 + b[c0 + 12u]; }
    if (c0 + 13u < C) { out[i1 * C + c0 + 13u] = a1_13 + b[c0 + 13u]; }
    if (c0 + 14u < C) { out[i1 * C + c0 + 14u] = a1_14 + b[c0 + 14u]; }
    if (c0 + 15u < C) { out[i1 * C + c0 + 15u] = a1_15 + b[c0 + 15u]; }
  }
}
