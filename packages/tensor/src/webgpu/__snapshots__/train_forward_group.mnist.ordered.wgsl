// train_forward_group F=784 C=10 models=16 ordered=true workgroup=32
const F = 784u;
const C = 10u;
const ROWS = 40u;
const QUADS = 3u;
struct Member { loss: u32, index: u32, step: u32, nesterov: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, pad0: f32, pad1: f32, pad2: f32 }
struct Params { offset: u32, count: u32, invN: f32, scale: f32, perModel: u32, models: u32, pad0: u32, pad1: u32, members: array<Member, 16> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> g: array<f32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;
@group(0) @binding(7) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn label(i: u32) -> u32 { return (labels[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
var<workgroup> logits: array<array<f32, 10>, 40>;
var<private> wbase: u32;
fn weights(k: u32, c0: u32) -> vec4f {
  let i = wbase + k * C + c0;
  return vec4f(w[i], select(0.0, w[min(i + 1u, 125439u)], c0 + 1u < C), select(0.0, w[min(i + 2u, 125439u)], c0 + 2u < C), select(0.0, w[min(i + 3u, 125439u)], c0 + 3u < C));
}

/** Batch row `i` (row `r` of the workgroup) of model `m`: softmax, loss, correctness and gradient. */
fn finishRow(i: u32, r: u32, m: u32) {
  let row = rowOf(i);
  let y = label(row);
  let o = (m * params.count + i) * C;
  let bb = m * C;
  let zl = logits[r];
  var z: array<f32, 10>;
  z[0] = zl[0] + b[bb + 0u];
    z[1] = zl[1] + b[bb + 1u];
    z[2] = zl[2] + b[bb + 2u];
    z[3] = zl[3] + b[bb + 3u];
    z[4] = zl[4] + b[bb + 4u];
    z[5] = zl[5] + b[bb + 5u];
    z[6] = zl[6] + b[bb + 6u];
    z[7] = zl[7] + b[bb + 7u];
    z[8] = zl[8] + b[bb + 8u];
    z[9] = zl[9] + b[bb + 9u];
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
  var lossSum = 0.0;
  if (params.members[m].loss == 0u) {
    var rowLoss = 0.0;
    var dot = 0.0;
    var d: array<f32, 10>;
    d[0] = p[0] - select(0.0, 1.0, y == 0u);
    d[1] = p[1] - select(0.0, 1.0, y == 1u);
    d[2] = p[2] - select(0.0, 1.0, y == 2u);
    d[3] = p[3] - select(0.0, 1.0, y == 3u);
    d[4] = p[4] - select(0.0, 1.0, y == 4u);
    d[5] = p[5] - select(0.0, 1.0, y == 5u);
    d[6] = p[6] - select(0.0, 1.0, y == 6u);
    d[7] = p[7] - select(0.0, 1.0, y == 7u);
    d[8] = p[8] - select(0.0, 1.0, y == 8u);
    d[9] = p[9] - select(0.0, 1.0, y == 9u);
    rowLoss += d[0] * d[0];
    rowLoss += d[1] * d[1];
    rowLoss += d[2] * d[2];
    rowLoss += d[3] * d[3];
    rowLoss += d[4] * d[4];
    rowLoss += d[5] * d[5];
    rowLoss += d[6] * d[6];
    rowLoss += d[7] * d[7];
    rowLoss += d[8] * d[8];
    rowLoss += d[9] * d[9];
    dot += p[0] * d[0] * params.scale;
    dot += p[1] * d[1] * params.scale;
    dot += p[2] * d[2] * params.scale;
    dot += p[3] * d[3] * params.scale;
    dot += p[4] * d[4] * params.scale;
    dot += p[5] * d[5] * params.scale;
    dot += p[6] * d[6] * params.scale;
    dot += p[7] * d[7] * params.scale;
    dot += p[8] * d[8] * params.scale;
    dot += p[9] * d[9] * params.scale;
    lossSum += rowLoss / f32(C);
    g[o + 0u] = p[0] * (d[0] * params.scale - dot);
    g[o + 1u] = p[1] * (d[1] * params.scale - dot);
    g[o + 2u] = p[2] * (d[2] * params.scale - dot);
    g[o + 3u] = p[3] * (d[3] * params.scale - dot);
    g[o + 4u] = p[4] * (d[4] * params.scale - dot);
    g[o + 5u] = p[5] * (d[5] * params.scale - dot);
    g[o + 6u] = p[6] * (d[6] * params.scale - dot);
    g[o + 7u] = p[7] * (d[7] * params.scale - dot);
    g[o + 8u] = p[8] * (d[8] * params.scale - dot);
    g[o + 9u] = p[9] * (d[9] * params.scale - dot);
  } else {
    var zy = 0.0;
    if (y == 0u) { zy = z[0]; }
    if (y == 1u) { zy = z[1]; }
    if (y == 2u) { zy = z[2]; }
    if (y == 3u) { zy = z[3]; }
    if (y == 4u) { zy = z[4]; }
    if (y == 5u) { zy = z[5]; }
    if (y == 6u) { zy = z[6]; }
    if (y == 7u) { zy = z[7]; }
    if (y == 8u) { zy = z[8]; }
    if (y == 9u) { zy = z[9]; }
    lossSum += log(sum) + (zmax - zy);
    g[o + 0u] = (p[0] - select(0.0, 1.0, y == 0u)) * params.invN;
    g[o + 1u] = (p[1] - select(0.0, 1.0, y == 1u)) * params.invN;
    g[o + 2u] = (p[2] - select(0.0, 1.0, y == 2u)) * params.invN;
    g[o + 3u] = (p[3] - select(0.0, 1.0, y == 3u)) * params.invN;
    g[o + 4u] = (p[4] - select(0.0, 1.0, y == 4u)) * params.invN;
    g[o + 5u] = (p[5] - select(0.0, 1.0, y == 5u)) * params.invN;
    g[o + 6u] = (p[6] - select(0.0, 1.0, y == 6u)) * params.invN;
    g[o + 7u] = (p[7] - select(0.0, 1.0, y == 7u)) * params.invN;
    g[o + 8u] = (p[8] - select(0.0, 1.0, y == 8u)) * params.invN;
    g[o + 9u] = (p[9] - select(0.0, 1.0, y == 9u)) * params.invN;
  }
  let at = 2u * (m * params.count + i);
  partials[at] = lossSum;
  partials[at + 1u] = select(0.0, 1.0, arg == y);
}

@compute @workgroup_size(32)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let flat = wid.x + wid.y * groups.x;
  let m = flat / params.perModel;
  if (m >= params.models) { return; }
  wbase = m * F * C;
  let first = (flat % params.perModel) * ROWS;
  if (lid < ROWS / 4u * QUADS) {
    let c0 = lid % QUADS * 4u;
    let r0 = first + lid / QUADS * 4u;
    let live = vec4u(r0, r0 + 1u, r0 + 2u, r0 + 3u) < vec4u(params.count);
    var base = vec4u(0u);
    for (var r = 0u; r < 4u; r++) {
      if (live[r]) { base[r] = rowOf(r0 + r) * 196u; }
    }
    var acc0 = vec4f(0.0);
    var acc1 = vec4f(0.0);
    var acc2 = vec4f(0.0);
    var acc3 = vec4f(0.0);
    for (var k4 = 0u; k4 < 196u; k4++) {
      let words = select(vec4u(0u), vec4u(images[base.x + k4], images[base.y + k4], images[base.z + k4], images[base.w + k4]), live);
      if (all(words == vec4u(0u))) { continue; }
      for (var j = 0u; j < 4u; j++) {
        let px = (words >> vec4u(j * 8u)) & vec4u(0xffu);
        let k = k4 * 4u + j;
        if (all(px == vec4u(0u))) { continue; }
        let x = vec4f(px) / 255.0;
        let wk = weights(k, c0);
        acc0 += x.x * wk;
        acc1 += x.y * wk;
        acc2 += x.z * wk;
        acc3 += x.w * wk;
      }
    }
    let at = r0 - first;
    for (var q = 0u; q < 4u && c0 + q < C; q++) {
      logits[at][c0 + q] = acc0[q];
      logits[at + 1u][c0 + q] = acc1[q];
      logits[at + 2u][c0 + q] = acc2[q];
      logits[at + 3u][c0 + q] = acc3[q];
    }
  }
  workgroupBarrier();
  for (var r = lid; r < ROWS; r += 32u) {
    if (first + r >= params.count) { break; }
    finishRow(first + r, r, m);
  }
}
