// train_update_group optimizer=adam F=61 C=5 models=3 ordered=false workgroup=64
const F = 61u;
const C = 5u;
struct Member { loss: u32, index: u32, step: u32, nesterov: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, pad0: f32, pad1: f32, pad2: f32 }
struct Params { offset: u32, count: u32, invN: f32, scale: f32, perModel: u32, models: u32, pad0: u32, pad1: u32, members: array<Member, 3> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> w: array<f32>;
@group(0) @binding(6) var<storage, read_write> b: array<f32>;
@group(0) @binding(7) var<storage, read_write> m_w: array<f32>;
@group(0) @binding(8) var<storage, read_write> v_w: array<f32>;
@group(0) @binding(9) var<storage, read_write> m_b: array<f32>;
@group(0) @binding(10) var<storage, read_write> v_b: array<f32>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }
var<private> mp: Member;
fn update_w(i: u32, grad: f32) {
  let d = grad + mp.weightDecay * w[i];
  let mi = mp.beta1 * m_w[i] + (1.0 - mp.beta1) * d;
  let vi = mp.beta2 * v_w[i] + (1.0 - mp.beta2) * d * d;
  m_w[i] = mi;
  v_w[i] = vi;
  w[i] -= mp.stepSize * (mi / (sqrt(vi) / mp.bc2Sqrt + mp.eps));
}
fn update_b(i: u32, grad: f32) {
  let d = grad + mp.weightDecay * b[i];
  let mi = mp.beta1 * m_b[i] + (1.0 - mp.beta1) * d;
  let vi = mp.beta2 * v_b[i] + (1.0 - mp.beta2) * d * d;
  m_b[i] = mi;
  v_b[i] = vi;
  b[i] -= mp.stepSize * (mi / (sqrt(vi) / mp.bc2Sqrt + mp.eps));
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let flat = flatIndex(gid, groups);
  let listed = flat / 63u;
  if (listed >= params.models) { return; }
  let t = flat % 63u;
  mp = params.members[listed];
  let m = mp.index;
  let wb = m * F * C;
  let gb = m * params.count * C;
  if (t < 61u) {
    var acc: array<f32, 5>;
    for (var i = 0u; i < params.count; i++) {
      let px = pixel(rowOf(i) * F + t);
      if (px != 0u) {
        let x = f32(px) / 255.0;
        let g0 = g[gb + i * C + 0u];
    let g1 = g[gb + i * C + 1u];
    let g2 = g[gb + i * C + 2u];
    let g3 = g[gb + i * C + 3u];
    let g4 = g[gb + i * C + 4u];
        acc[0] += x * g0;
    acc[1] += x * g1;
    acc[2] += x * g2;
    acc[3] += x * g3;
    acc[4] += x * g4;
      }
    }
    update_w(wb + t * C + 0u, acc[0]);
    update_w(wb + t * C + 1u, acc[1]);
    update_w(wb + t * C + 2u, acc[2]);
    update_w(wb + t * C + 3u, acc[3]);
    update_w(wb + t * C + 4u, acc[4]);
  } else if (t == 61u) {
    var acc: array<f32, 5>;
    for (var i = 0u; i < params.count; i++) {
      let g0 = g[gb + i * C + 0u];
    let g1 = g[gb + i * C + 1u];
    let g2 = g[gb + i * C + 2u];
    let g3 = g[gb + i * C + 3u];
    let g4 = g[gb + i * C + 4u];
      acc[0] += g0;
    acc[1] += g1;
    acc[2] += g2;
    acc[3] += g3;
    acc[4] += g4;
    }
    for (var c = 0u; c < C; c++) { update_b(m * C + c, acc[c]); }
  } else {
    var loss = 0.0;
    var correct = 0.0;
    let pb = 2u * m * params.count;
    for (var k = 0u; k < params.count; k++) {
      loss += partials[pb + 2u * k];
      correct += partials[pb + 2u * k + 1u];
    }
    stats[2u * m] += loss;
    stats[2u * m + 1u] += correct;
  }
}
