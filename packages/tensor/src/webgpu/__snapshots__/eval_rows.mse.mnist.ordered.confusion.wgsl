// eval_rows loss=mse F=784 C=10 ordered=true weights=uniform confusion=true workgroup=64
const F = 784u;
const C = 10u;
struct Params { offset: u32, count: u32, members: u32, first: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<uniform> w: array<vec4f, 1960>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;
@group(0) @binding(6) var<storage, read_write> confusion: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
fn label(i: u32) -> u32 { return (labels[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }

fn finishRow(i: u32, member: u32, zl: array<f32, 10>) {
  let y = label(rowOf(i));
  var z: array<f32, 10>;
  z[0] = zl[0] + b[member * C + 0u];
    z[1] = zl[1] + b[member * C + 1u];
    z[2] = zl[2] + b[member * C + 2u];
    z[3] = zl[3] + b[member * C + 3u];
    z[4] = zl[4] + b[member * C + 4u];
    z[5] = zl[5] + b[member * C + 5u];
    z[6] = zl[6] + b[member * C + 6u];
    z[7] = zl[7] + b[member * C + 7u];
    z[8] = zl[8] + b[member * C + 8u];
    z[9] = zl[9] + b[member * C + 9u];
  var zmax = z[0];
  var arg = 0u;
  if (z[1] > zmax) { zmax = z[1]; arg = 1u; }
    if (z[2] > zmax) { zmax = z[2]; arg = 2u; }
    if (z[3] > zmax) { zmax = z[3]; arg = 3u; }
    if (z[4] > zmax) { zmax = z[4]; arg = 4u; }
    if (z[5] > zmax) { zmax = z[5]; arg = 5u; }
    if (z[6] > zmax) { zmax = z[6]; arg = 6u; }
    if (z[7] > zmax) { zmax = z[7]; arg = 7u; }
    if (z[8] > zmax) { zmax = z[8]; arg = 8u; }
    if (z[9] > zmax) { zmax = z[9]; arg = 9u; }
  var p: array<f32, 10>;
  var sum = 0.0;
  p[0] = exp(z[0] - zmax);
    p[1] = exp(z[1] - zmax);
    p[2] = exp(z[2] - zmax);
    p[3] = exp(z[3] - zmax);
    p[4] = exp(z[4] - zmax);
    p[5] = exp(z[5] - zmax);
    p[6] = exp(z[6] - zmax);
    p[7] = exp(z[7] - zmax);
    p[8] = exp(z[8] - zmax);
    p[9] = exp(z[9] - zmax);
  sum += p[0];
    sum += p[1];
    sum += p[2];
    sum += p[3];
    sum += p[4];
    sum += p[5];
    sum += p[6];
    sum += p[7];
    sum += p[8];
    sum += p[9];
  p[0] = p[0] / sum;
    p[1] = p[1] / sum;
    p[2] = p[2] / sum;
    p[3] = p[3] / sum;
    p[4] = p[4] / sum;
    p[5] = p[5] / sum;
    p[6] = p[6] / sum;
    p[7] = p[7] / sum;
    p[8] = p[8] / sum;
    p[9] = p[9] / sum;
  var sq = 0.0;
  { let d = p[0] - select(0.0, 1.0, y == 0u); sq += d * d; }
    { let d = p[1] - select(0.0, 1.0, y == 1u); sq += d * d; }
    { let d = p[2] - select(0.0, 1.0, y == 2u); sq += d * d; }
    { let d = p[3] - select(0.0, 1.0, y == 3u); sq += d * d; }
    { let d = p[4] - select(0.0, 1.0, y == 4u); sq += d * d; }
    { let d = p[5] - select(0.0, 1.0, y == 5u); sq += d * d; }
    { let d = p[6] - select(0.0, 1.0, y == 6u); sq += d * d; }
    { let d = p[7] - select(0.0, 1.0, y == 7u); sq += d * d; }
    { let d = p[8] - select(0.0, 1.0, y == 8u); sq += d * d; }
    { let d = p[9] - select(0.0, 1.0, y == 9u); sq += d * d; }
  let rowLoss = sq / f32(C);
  let o = (member * params.count + i) * 2u;
  out[o] = rowLoss;
  out[o + 1u] = select(0.0, 1.0, arg == y);
  atomicAdd(&confusion[member * C * C + y * C + arg], 1u);
}

@compute @workgroup_size(64)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let g = wid.x + wid.y * groups.x;
  let member = params.first + g % params.members;
  let wbase = g % params.members * 7840u;
  let first = g / params.members * 256u + lid;
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
    let wv0 = w[wbase / 4u + k4 * C + 0u];
    let wv1 = w[wbase / 4u + k4 * C + 1u];
    let wv2 = w[wbase / 4u + k4 * C + 2u];
    let wv3 = w[wbase / 4u + k4 * C + 3u];
    let wv4 = w[wbase / 4u + k4 * C + 4u];
    let wv5 = w[wbase / 4u + k4 * C + 5u];
    let wv6 = w[wbase / 4u + k4 * C + 6u];
    let wv7 = w[wbase / 4u + k4 * C + 7u];
    let wv8 = w[wbase / 4u + k4 * C + 8u];
    let wv9 = w[wbase / 4u + k4 * C + 9u];
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
  if (i0 < params.count) { finishRow(i0, member, array<f32, 10>(a0_0, a0_1, a0_2, a0_3, a0_4, a0_5, a0_6, a0_7, a0_8, a0_9)); }
    if (i1 < params.count) { finishRow(i1, member, array<f32, 10>(a1_0, a1_1, a1_2, a1_3, a1_4, a1_5, a1_6, a1_7, a1_8, a1_9)); }
    if (i2 < params.count) { finishRow(i2, member, array<f32, 10>(a2_0, a2_1, a2_2, a2_3, a2_4, a2_5, a2_6, a2_7, a2_8, a2_9)); }
    if (i3 < params.count) { finishRow(i3, member, array<f32, 10>(a3_0, a3_1, a3_2, a3_3, a3_4, a3_5, a3_6, a3_7, a3_8, a3_9)); }
}
