// eval_rows loss=cross-entropy F=61 C=5 ordered=false weights=scalar confusion=true workgroup=64
const F = 61u;
const C = 5u;
struct Params { offset: u32, count: u32, members: u32, first: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;
@group(0) @binding(6) var<storage, read_write> confusion: array<atomic<u32>>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
fn label(i: u32) -> u32 { return (labels[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }

fn finishRow(i: u32, member: u32, zl: array<f32, 5>) {
  let y = label(rowOf(i));
  var z: array<f32, 5>;
  z[0] = zl[0] + b[member * C + 0u];
    z[1] = zl[1] + b[member * C + 1u];
    z[2] = zl[2] + b[member * C + 2u];
    z[3] = zl[3] + b[member * C + 3u];
    z[4] = zl[4] + b[member * C + 4u];
  var zmax = z[0];
  var arg = 0u;
  if (z[1] > zmax) { zmax = z[1]; arg = 1u; }
    if (z[2] > zmax) { zmax = z[2]; arg = 2u; }
    if (z[3] > zmax) { zmax = z[3]; arg = 3u; }
    if (z[4] > zmax) { zmax = z[4]; arg = 4u; }
  var p: array<f32, 5>;
  var sum = 0.0;
  p[0] = exp(z[0] - zmax);
    p[1] = exp(z[1] - zmax);
    p[2] = exp(z[2] - zmax);
    p[3] = exp(z[3] - zmax);
    p[4] = exp(z[4] - zmax);
  sum += p[0];
    sum += p[1];
    sum += p[2];
    sum += p[3];
    sum += p[4];
  p[0] = p[0] / sum;
    p[1] = p[1] / sum;
    p[2] = p[2] / sum;
    p[3] = p[3] / sum;
    p[4] = p[4] / sum;
  var zy = 0.0;
  if (y == 0u) { zy = z[0]; }
    if (y == 1u) { zy = z[1]; }
    if (y == 2u) { zy = z[2]; }
    if (y == 3u) { zy = z[3]; }
    if (y == 4u) { zy = z[4]; }
  let rowLoss = log(sum) + (zmax - zy);
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
  let wbase = g % params.members * 305u;
  let first = g / params.members * 256u + lid;
  let i0 = first + 0u;
  let i1 = first + 64u;
  let i2 = first + 128u;
  let i3 = first + 192u;
  let base0 = rowOf(min(i0, params.count - 1u)) * F;
  let base1 = rowOf(min(i1, params.count - 1u)) * F;
  let base2 = rowOf(min(i2, params.count - 1u)) * F;
  let base3 = rowOf(min(i3, params.count - 1u)) * F;
  var a0_0 = 0.0; var a0_1 = 0.0; var a0_2 = 0.0; var a0_3 = 0.0; var a0_4 = 0.0;
  var a1_0 = 0.0; var a1_1 = 0.0; var a1_2 = 0.0; var a1_3 = 0.0; var a1_4 = 0.0;
  var a2_0 = 0.0; var a2_1 = 0.0; var a2_2 = 0.0; var a2_3 = 0.0; var a2_4 = 0.0;
  var a3_0 = 0.0; var a3_1 = 0.0; var a3_2 = 0.0; var a3_3 = 0.0; var a3_4 = 0.0;
  for (var k = 0u; k < F; k++) {
    let x0 = f32(pixel(base0 + k)) / 255.0;
    let x1 = f32(pixel(base1 + k)) / 255.0;
    let x2 = f32(pixel(base2 + k)) / 255.0;
    let x3 = f32(pixel(base3 + k)) / 255.0;
    { let wc = w[wbase + k * C + 0u]; a0_0 += x0 * wc; a1_0 += x1 * wc; a2_0 += x2 * wc; a3_0 += x3 * wc; }
    { let wc = w[wbase + k * C + 1u]; a0_1 += x0 * wc; a1_1 += x1 * wc; a2_1 += x2 * wc; a3_1 += x3 * wc; }
    { let wc = w[wbase + k * C + 2u]; a0_2 += x0 * wc; a1_2 += x1 * wc; a2_2 += x2 * wc; a3_2 += x3 * wc; }
    { let wc = w[wbase + k * C + 3u]; a0_3 += x0 * wc; a1_3 += x1 * wc; a2_3 += x2 * wc; a3_3 += x3 * wc; }
    { let wc = w[wbase + k * C + 4u]; a0_4 += x0 * wc; a1_4 += x1 * wc; a2_4 += x2 * wc; a3_4 += x3 * wc; }
  }
  if (i0 < params.count) { finishRow(i0, member, array<f32, 5>(a0_0, a0_1, a0_2, a0_3, a0_4)); }
    if (i1 < params.count) { finishRow(i1, member, array<f32, 5>(a1_0, a1_1, a1_2, a1_3, a1_4)); }
    if (i2 < params.count) { finishRow(i2, member, array<f32, 5>(a2_0, a2_1, a2_2, a2_3, a2_4)); }
    if (i3 < params.count) { finishRow(i3, member, array<f32, 5>(a3_0, a3_1, a3_2, a3_3, a3_4)); }
}
