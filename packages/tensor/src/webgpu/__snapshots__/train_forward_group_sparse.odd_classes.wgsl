// train_forward_group_sparse F=61 C=5 models=3 ordered=false workgroup=64
const F = 61u;
const C = 5u;
struct Member { loss: u32, index: u32, step: u32, nesterov: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, pad0: f32, pad1: f32, pad2: f32 }
struct Params { offset: u32, count: u32, invN: f32, scale: f32, perModel: u32, models: u32, pad0: u32, pad1: u32, members: array<Member, 3> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> sparse: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> g: array<f32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
fn label(i: u32) -> u32 { return (labels[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn rowEntries(row: u32) -> vec2u { return vec2u(sparse[row], sparse[row + 1u]); }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

/** Batch row `i` of model `m`: softmax, loss, correctness and gradient from its logits. */
fn finishRow(i: u32, m: u32, logits: array<f32, 5>) {
  let row = rowOf(i);
  let y = label(row);
  let o = (m * params.count + i) * C;
  let bb = m * C;
  let zl = logits;
  var z: array<f32, 5>;
  z[0] = zl[0] + b[bb + 0u];
    z[1] = zl[1] + b[bb + 1u];
    z[2] = zl[2] + b[bb + 2u];
    z[3] = zl[3] + b[bb + 3u];
    z[4] = zl[4] + b[bb + 4u];
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
  var lossSum = 0.0;
  if (params.members[m].loss == 0u) {
    var rowLoss = 0.0;
    var dot = 0.0;
    var d: array<f32, 5>;
    d[0] = p[0] - select(0.0, 1.0, y == 0u);
    d[1] = p[1] - select(0.0, 1.0, y == 1u);
    d[2] = p[2] - select(0.0, 1.0, y == 2u);
    d[3] = p[3] - select(0.0, 1.0, y == 3u);
    d[4] = p[4] - select(0.0, 1.0, y == 4u);
    rowLoss += d[0] * d[0];
    rowLoss += d[1] * d[1];
    rowLoss += d[2] * d[2];
    rowLoss += d[3] * d[3];
    rowLoss += d[4] * d[4];
    dot += p[0] * d[0] * params.scale;
    dot += p[1] * d[1] * params.scale;
    dot += p[2] * d[2] * params.scale;
    dot += p[3] * d[3] * params.scale;
    dot += p[4] * d[4] * params.scale;
    lossSum += rowLoss / f32(C);
    g[o + 0u] = p[0] * (d[0] * params.scale - dot);
    g[o + 1u] = p[1] * (d[1] * params.scale - dot);
    g[o + 2u] = p[2] * (d[2] * params.scale - dot);
    g[o + 3u] = p[3] * (d[3] * params.scale - dot);
    g[o + 4u] = p[4] * (d[4] * params.scale - dot);
  } else {
    var zy = 0.0;
    if (y == 0u) { zy = z[0]; }
    if (y == 1u) { zy = z[1]; }
    if (y == 2u) { zy = z[2]; }
    if (y == 3u) { zy = z[3]; }
    if (y == 4u) { zy = z[4]; }
    lossSum += log(sum) + (zmax - zy);
    g[o + 0u] = (p[0] - select(0.0, 1.0, y == 0u)) * params.invN;
    g[o + 1u] = (p[1] - select(0.0, 1.0, y == 1u)) * params.invN;
    g[o + 2u] = (p[2] - select(0.0, 1.0, y == 2u)) * params.invN;
    g[o + 3u] = (p[3] - select(0.0, 1.0, y == 3u)) * params.invN;
    g[o + 4u] = (p[4] - select(0.0, 1.0, y == 4u)) * params.invN;
  }
  let at = 2u * (m * params.count + i);
  partials[at] = lossSum;
  partials[at + 1u] = select(0.0, 1.0, arg == y);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let flat = flatIndex(gid, groups);
  let m = flat / params.count;
  if (m >= params.models) { return; }
  let i = flat % params.count;
  let row = rowOf(i);
  var acc: array<f32, 5>;
  let span = rowEntries(row);
  for (var e = span.x; e < span.y; e++) {
    let entry = sparse[e];
    let x = f32(entry & 0xffu) / 255.0;
    let k = m * F * C + (entry >> 8u) * C;
    acc[0] += x * w[k + 0u];
    acc[1] += x * w[k + 1u];
    acc[2] += x * w[k + 2u];
    acc[3] += x * w[k + 3u];
    acc[4] += x * w[k + 4u];
  }
  finishRow(i, m, acc);
}
