// train_update_group optimizer=sgd F=784 C=10 models=16 ordered=true workgroup=64
const F = 784u;
const C = 10u;
struct Member { loss: u32, index: u32, step: u32, nesterov: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32, pad0: f32, pad1: f32, pad2: f32 }
struct Params { offset: u32, count: u32, invN: f32, scale: f32, perModel: u32, models: u32, pad0: u32, pad1: u32, members: array<Member, 16> }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> g: array<f32>;
@group(0) @binding(3) var<storage, read> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> w: array<f32>;
@group(0) @binding(6) var<storage, read_write> b: array<f32>;
@group(0) @binding(7) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }
var<private> mp: Member;
fn update_w(i: u32, grad: f32) {
  let d = grad + mp.weightDecay * w[i];
  w[i] -= mp.lr * d;
}
fn update_b(i: u32, grad: f32) {
  let d = grad + mp.weightDecay * b[i];
  b[i] -= mp.lr * d;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let flat = flatIndex(gid, groups);
  let listed = flat / 198u;
  if (listed >= params.models) { return; }
  let t = flat % 198u;
  mp = params.members[listed];
  let m = mp.index;
  let wb = m * F * C;
  let gb = m * params.count * C;
  if (t < 196u) {
    var acc: array<vec4f, 10>;
    for (var i = 0u; i < params.count; i++) {
      let word = images[rowOf(i) * 196u + t];
      if (word != 0u) {
        let x = vec4f(vec4u(word & 0xffu, (word >> 8u) & 0xffu, (word >> 16u) & 0xffu, word >> 24u)) / 255.0;
        let gi = gb + i * C;
        acc[0] += x * g[gi + 0u];
    acc[1] += x * g[gi + 1u];
    acc[2] += x * g[gi + 2u];
    acc[3] += x * g[gi + 3u];
    acc[4] += x * g[gi + 4u];
    acc[5] += x * g[gi + 5u];
    acc[6] += x * g[gi + 6u];
    acc[7] += x * g[gi + 7u];
    acc[8] += x * g[gi + 8u];
    acc[9] += x * g[gi + 9u];
      }
    }
    for (var j = 0u; j < 4u; j++) {
      let k = wb + (t * 4u + j) * C;
      update_w(k + 0u, acc[0][j]);
    update_w(k + 1u, acc[1][j]);
    update_w(k + 2u, acc[2][j]);
    update_w(k + 3u, acc[3][j]);
    update_w(k + 4u, acc[4][j]);
    update_w(k + 5u, acc[5][j]);
    update_w(k + 6u, acc[6][j]);
    update_w(k + 7u, acc[7][j]);
    update_w(k + 8u, acc[8][j]);
    update_w(k + 9u, acc[9][j]);
    }
  } else if (t == 196u) {
    var acc: array<f32, 10>;
    for (var i = 0u; i < params.count; i++) {
      for (var c = 0u; c < C; c++) { acc[c] += g[gb + i * C + c]; }
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
