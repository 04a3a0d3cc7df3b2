// linear_forward F=784 C=10 ordered=true workgroup=64
const F = 784u;
const C = 10u;
struct Params { offset: u32, count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> w: array<vec4f>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

@compute @workgroup_size(64)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let g = wid.x + wid.y * groups.x;
  let c0 = g % 1u * 10u;
  let first = g / 1u * 256u + lid;
  let i0 = first + 0u;
  let i1 = first + 64u;
  let i2 = first + 128u;
  let i3 = first + 192u;
  let base0 = rowOf(min(i0, params.count - 1u)) * 196u;
  let base1 = rowOf(min(i1, params.count - 1u)) * 196u;
  let base2 = rowOf(min(i2, params.count - 1u)) * 196u;
  let base3 = rowOf(min(i3, params.count - 1u)) * 196u;
  var a0_0 = 0.0; var a0_1 = 0.0; var a0_2 = 0.0; var a0_3 = 0.0; var a0_4 = 0.0; var a0_5 = 0.0; var a0_6 = 0.0; var a0_7 = 0.0; var a0_8 = 0.0; var a0_9 = 0.0;
  var a1_0 = 0.0; var a1_1 = 0.0; var a1_2 = 0.0; var a1_3 = 0.0; var a1_4 = 0.0; var a1_5 = 0.0; var a1_6 = 0.0; var a1_7 = 0.0; var a1_8 = 0.0; var a1_9 = 0.0;
  var a2_0 = 0.0; var a2_1 = 0.0; var a2_2 = 0.0; var a2_3 = 0.0; var a2_4 = 0.0; var a2_5 = 0.0; var a2_6 = 0.0; var a2_7 = 0.0; var a2_8 = 0.0; var a2_9 = 0.0;
  var a3_0 = 0.0; var a3_1 = 0.0; var a3_2 = 0.0; var a3_3 = 0.0; var a3_4 = 0.0; var a3_5 = 0.0; var a3_6 = 0.0; var a3_7 = 0.0; var a3_8 = 0.0; var a3_9 = 0.0;
  for (var k4 = 0u; k4 < 196u; k4++) {
    let x0 = vec4f((vec4u(images[base0 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let x1 = vec4f((vec4u(images[base1 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let x2 = vec4f((vec4u(images[base2 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let x3 = vec4f((vec4u(images[base3 + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;
    let wv0 = w[k4 * C + 0u];
    let wv1 = w[k4 * C + 1u];
    let wv2 = w[k4 * C + 2u];
    let wv3 = w[k4 * C + 3u];
    let wv4 = w[k4 * C + 4u];
    let wv5 = w[k4 * C + 5u];
    let wv6 = w[k4 * C + 6u];
    let wv7 = w[k4 * C + 7u];
    let wv8 = w[k4 * C + 8u];
    let wv9 = w[k4 * C + 9u];
    a0_0 += x0[0] * wv0[0]; a1_0 += x1[0] * wv0[0]; a2_0 += x2[0] * wv0[0]; a3_0 += x3[0] * wv0[0];
    a0_1 += x0[0] * wv0[1]; a1_1 += x1[0] * wv0[1]; a2_1 += x2[0] * wv0[1]; a3_1 += x3[0] * wv0[1];
    a0_2 += x0[0] * wv0[2]; a1_2 += x1[0] * wv0[2]; a2_2 += x2[0] * wv0[2]; a3_2 += x3[0] * wv0[2];
    a0_3 += x0[0] * wv0[3]; a1_3 += x1[0] * wv0[3]; a2_3 += x2[0] * wv0[3]; a3_3 += x3[0] * wv0[3];
    a0_4 += x0[0] * wv1[0]; a1_4 += x1[0] * wv1[0]; a2_4 += x2[0] * wv1[0]; a3_4 += x3[0] * wv1[0];
    a0_5 += x0[0] * wv1[1]; a1_5 += x1[0] * wv1[1]; a2_5 += x2[0] * wv1[1]; a3_5 += x3[0] * wv1[1];
    a0_6 += x0[0] * wv1[2]; a1_6 += x1[0] * wv1[2]; a2_6 += x2[0] * wv1[2]; a3_6 += x3[0] * wv1[2];
    a0_7 += x0[0] * wv1[3]; a1_7 += x1[0] * wv1[3]; a2_7 += x2[0] * wv1[3]; a3_7 += x3[0] * wv1[3];
    a0_8 += x0[0] * wv2[0]; a1_8 += x1[0] * wv2[0]; a2_8 += x2[0] * wv2[0]; a3_8 += x3[0] * wv2[0];
    a0_9 += x0[0] * wv2[1]; a1_9 += x1[0] * wv2[1]; a2_9 += x2[0] * wv2[1]; a3_9 += x3[0] * wv2[1];
    a0_0 += x0[1] * wv2[2]; a1_0 += x1[1] * wv2[2]; a2_0 += x2[1] * wv2[2]; a3_0 += x3[1] * wv2[2];
    a0_1 += x0[1] * wv2[3]; a1_1 += x1[1] * wv2[3]; a2_1 += x2[1] * wv2[3]; a3_1 += x3[1] * wv2[3];
    a0_2 += x0[1] * wv3[0]; a1_2 += x1[1] * wv3[0]; a2_2 += x2[1] * wv3[0]; a3_2 += x3[1] * wv3[0];
    a0_3 += x0[1] * wv3[1]; a1_3 += x1[1] * wv3[1]; a2_3 += x2[1] * wv3[1]; a3_3 += x3[1] * wv3[1];
    a0_4 += x0[1] * wv3[2]; a1_4 += x1[1] * wv3[2]; a2_4 += x2[1] * wv3[2]; a3_4 += x3[1] * wv3[2];
    a0_5 += x0[1] * wv3[3]; a1_5 += x1[1] * wv3[3]; a2_5 += x2[1] * wv3[3]; a3_5 += x3[1] * wv3[3];
    a0_6 += x0[1] * wv4[0]; a1_6 += x1[1] * wv4[0]; a2_6 += x2[1] * wv4[0]; a3_6 += x3[1] * wv4[0];
    a0_7 += x0[1] * wv4[1]; a1_7 += x1[1] * wv4[1]; a2_7 += x2[1] * wv4[1]; a3_7 += x3[1] * wv4[1];
    a0_8 += x0[1] * wv4[2]; a1_8 += x1[1] * wv4[2]; a2_8 += x2[1] * wv4[2]; a3_8 += x3[1] * wv4[2];
    a0_9 += x0[1] * wv4[3]; a1_9 += x1[1] * wv4[3]; a2_9 += x2[1] * wv4[3]; a3_9 += x3[1] * wv4[3];
    a0_0 += x0[2] * wv5[0]; a1_0 += x1[2] * wv5[0]; a2_0 += x2[2] * wv5[0]; a3_0 += x3[2] * wv5[0];
    a0_1 += x0[2] * wv5[1]; a1_1 += x1[2] * wv5[1]; a2_1 += x2[2] * wv5[1]; a3_1 += x3[2] * wv5[1];
    a0_2 += x0[2] * wv5[2]; a1_2 += x1[2] * wv5[2]; a2_2 += x2[2] * wv5[2]; a3_2 += x3[2] * wv5[2];
    a0_3 += x0[2] * wv5[3]; a1_3 += x1[2] * wv5[3]; a2_3 += x2[2] * wv5[3]; a3_3 += x3[2] * wv5[3];
    a0_4 += x0[2] * wv6[0]; a1_4 += x1[2] * wv6[0]; a2_4 += x2[2] * wv6[0]; a3_4 += x3[2] * wv6[0];
    a0_5 += x0[2] * wv6[1]; a1_5 += x1[2] * wv6[1]; a2_5 += x2[2] * wv6[1]; a3_5 += x3[2] * wv6[1];
    a0_6 += x0[2] * wv6[2]; a1_6 += x1[2] * wv6[2]; a2_6 += x2[2] * wv6[2]; a3_6 += x3[2] * wv6[2];
    a0_7 += x0[2] * wv6[3]; a1_7 += x1[2] * wv6[3]; a2_7 += x2[2] * wv6[3]; a3_7 += x3[2] * wv6[3];
    a0_8 += x0[2] * wv7[0]; a1_8 += x1[2] * wv7[0]; a2_8 += x2[2] * wv7[0]; a3_8 += x3[2] * wv7[0];
    a0_9 += x0[2] * wv7[1]; a1_9 += x1[2] * wv7[1]; a2_9 += x2[2] * wv7[1]; a3_9 += x3[2] * wv7[1];
    a0_0 += x0[3] * wv7[2]; a1_0 += x1[3] * wv7[2]; a2_0 += x2[3] * wv7[2]; a3_0 += x3[3] * wv7[2];
    a0_1 += x0[3] * wv7[3]; a1_1 += x1[3] * wv7[3]; a2_1 += x2[3] * wv7[3]; a3_1 += x3[3] * wv7[3];
    a0_2 += x0[3] * wv8[0]; a1_2 += x1[3] * wv8[0]; a2_2 += x2[3] * wv8[0]; a3_2 += x3[3] * wv8[0];
    a0_3 += x0[3] * wv8[1]; a1_3 += x1[3] * wv8[1]; a2_3 += x2[3] * wv8[1]; a3_3 += x3[3] * wv8[1];
    a0_4 += x0[3] * wv8[2]; a1_4 += x1[3] * wv8[2]; a2_4 += x2[3] * wv8[2]; a3_4 += x3[3] * wv8[2];
    a0_5 += x0[3] * wv8[3]; a1_5 += x1[3] * wv8[3]; a2_5 += x2[3] * wv8[3]; a3_5 += x3[3] * wv8[3];
    a0_6 += x0[3] * wv9[0]; a1_6 += x1[3] * wv9[0]; a2_6 += x2[3] * wv9[0]; a3_6 += x3[3] * wv9[0];
    a0_7 += x0[3] * wv9[1]; a1_7 += x1[3] * wv9[1]; a2_7 += x2[3] * wv9[1]; a3_7 += x3[3] * wv9[1];
    a0_8 += x0[3] * wv9[2]; a1_8 += x1[3] * wv9[2]; a2_8 += x2[3] * wv9[2]; a3_8 += x3[3] * wv9[2];
    a0_9 += x0[3] * wv9[3]; a1_9 += x1[3] * wv9[3]; a2_9 += x2[3] * wv9[3]; a3_9 += x3[3] * wv9[3];
  }
  if (i0 < params.count) {
    out[i0 * C + c0 + 0u] = a0_0 + b[c0 + 0u];
    out[i0 * C + c0 + 1u] = a0_1 + b[c0 + 1u];
    out[i0 * C + c0 + 2u] = a0_2 + b[c0 + 2u];
    out[i0 * C + c0 + 3u] = a0_3 + b[c0 + 3u];
    out[i0 * C + c0 + 4u] = a0_4 + b[c0 + 4u];
    out[i0 * C + c0 + 5u] = a0_5 + b[c0 + 5u];
    out[i0 * C + c0 + 6u] = a0_6 + b[c0 + 6u];
    out[i0 * C + c0 + 7u] = a0_7 + b[c0 + 7u];
    out[i0 * C + c0 + 8u] = a0_8 + b[c0 + 8u];
    out[i0 * C + c0 + 9u] = a0_9 + b[c0 + 9u];
  }
  if (i1 < params.count) {
    out[i1 * C + c0 + 0u] = a1_0 + b[c0 + 0u];
    out[i1 * C + c0 + 1u] = a1_1 + b[c0 + 1u];
    out[i1 * C + c0 + 2u] = a1_2 + b[c0 + 2u];
    out[i1 * C + c0 + 3u] = a1_3 + b[c0 + 3u];
    out[i1 * C + c0 + 4u] = a1_4 + b[c0 + 4u];
    out[i1 * C + c0 + 5u] = a1_5 + b[c0 + 5u];
    out[i1 * C + c0 + 6u] = a1_6 + b[c0 + 6u];
    out[i1 * C + c0 + 7u] = a1_7 + b[c0 + 7u];
    out[i1 * C + c0 + 8u] = a1_8 + b[c0 + 8u];
    out[i1 * C + c0 + 9u] = a1_9 + b[c0 + 9u];
  }
  if (i2 < params.count) {
    out[i2 * C + c0 + 0u] = a2_0 + b[c0 + 0u];
    out[i2 * C + c0 + 1u] = a2_1 + b[c0 + 1u];
    out[i2 * C + c0 + 2u] = a2_2 + b[c0 + 2u];
    out[i2 * C + c0 + 3u] = a2_3 + b[c0 + 3u];
    out[i2 * C + c0 + 4u] = a2_4 + b[c0 + 4u];
    out[i2 * C + c0 + 5u] = a2_5 + b[c0 + 5u];
    out[i2 * C + c0 + 6u] = a2_6 + b[c0 + 6u];
    out[i2 * C + c0 + 7u] = a2_7 + b[c0 + 7u];
    out[i2 * C + c0 + 8u] = a2_8 + b[c0 + 8u];
    out[i2 * C + c0 + 9u] = a2_9 + b[c0 + 9u];
  }
  if (i3 < params.count) {
    out[i3 * C + c0 + 0u] = a3_0 + b[c0 + 0u];
    out[i3 * C + c0 + 1u] = a3_1 + b[c0 + 1u];
    out[i3 * C + c0 + 2u] = a3_2 + b[c0 + 2u];
    out[i3 * C + c0 + 3u] = a3_3 + b[c0 + 3u];
    out[i3 * C + c0 + 4u] = a3_4 + b[c0 + 4u];
    out[i3 * C + c0 + 5u] = a3_5 + b[c0 + 5u];
    out[i3 * C + c0 + 6u] = a3_6 + b[c0 + 6u];
    out[i3 * C + c0 + 7u] = a3_7 + b[c0 + 7u];
    out[i3 * C + c0 + 8u] = a3_8 + b[c0 + 8u];
    out[i3 * C + c0 + 9u] = a3_9 + b[c0 + 9u];
  }
}
