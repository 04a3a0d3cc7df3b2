// train_update optimizer=adam F=784 C=10 ordered=false workgroup=64 forwardRows
const F = 784u;
const C = 10u;
struct Params { offset: u32, count: u32, partials: u32, step: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, nesterov: u32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, bc2Sqrt: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> g: array<vec2f>;
@group(0) @binding(3) var<storage, read> partials: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;
@group(0) @binding(5) var<storage, read_write> w: array<f32>;
@group(0) @binding(6) var<storage, read_write> b: array<f32>;
@group(0) @binding(7) var<storage, read_write> m_w: array<f32>;
@group(0) @binding(8) var<storage, read_write> v_w: array<f32>;
@group(0) @binding(9) var<storage, read_write> m_b: array<f32>;
@group(0) @binding(10) var<storage, read_write> v_b: array<f32>;
fn rowOf(i: u32) -> u32 { return bitcast<u32>(partials[2u * params.count + i]); }
fn pixel(i: u32) -> u32 { return (images[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }
fn update_w(i: u32, grad: f32) {
  let d = grad + params.weightDecay * w[i];
  let mi = params.beta1 * m_w[i] + (1.0 - params.beta1) * d;
  let vi = params.beta2 * v_w[i] + (1.0 - params.beta2) * d * d;
  m_w[i] = mi;
  v_w[i] = vi;
  w[i] -= params.stepSize * (mi / (sqrt(vi) / params.bc2Sqrt + params.eps));
}
fn update_b(i: u32, grad: f32) {
  let d = grad + params.weightDecay * b[i];
  let mi = params.beta1 * m_b[i] + (1.0 - params.beta1) * d;
  let vi = params.beta2 * v_b[i] + (1.0 - params.beta2) * d * d;
  m_b[i] = mi;
  v_b[i] = vi;
  b[i] -= params.stepSize * (mi / (sqrt(vi) / params.bc2Sqrt + params.eps));
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t < 196u) {
    var acc: array<vec4f, 10>;
    for (var i = 0u; i < params.count; i++) {
      let base = rowOf(i) * 196u + t * 1u;
      let word0 = images[base + 0u];
      if ((word0) != 0u) {
        let x0 = vec4f(vec4u(word0 & 0xffu, (word0 >> 8u) & 0xffu, (word0 >> 16u) & 0xffu, word0 >> 24u)) / 255.0;
        let gp0 = g[((0u + i * C) >> 1u) + 0u];
    let gp1 = g[((0u + i * C) >> 1u) + 1u];
    let gp2 = g[((0u + i * C) >> 1u) + 2u];
    let gp3 = g[((0u + i * C) >> 1u) + 3u];
    let gp4 = g[((0u + i * C) >> 1u) + 4u];
        acc[0] += x0 * gp0.x;
    acc[1] += x0 * gp0.y;
    acc[2] += x0 * gp1.x;
    acc[3] += x0 * gp1.y;
    acc[4] += x0 * gp2.x;
    acc[5] += x0 * gp2.y;
    acc[6] += x0 * gp3.x;
    acc[7] += x0 * gp3.y;
    acc[8] += x0 * gp4.x;
    acc[9] += x0 * gp4.y;
      }
    }
    for (var j = 0u; j < 4u; j++) {
      let k0 = 0u + ((t * 1u + 0u) * 4u + j) * C;
      update_w(k0 + 0u, acc[0][j]);
    update_w(k0 + 1u, acc[1][j]);
    update_w(k0 + 2u, acc[2][j]);
    update_w(k0 + 3u, acc[3][j]);
    update_w(k0 + 4u, acc[4][j]);
    update_w(k0 + 5u, acc[5][j]);
    update_w(k0 + 6u, acc[6][j]);
    update_w(k0 + 7u, acc[7][j]);
    update_w(k0 + 8u, acc[8][j]);
    update_w(k0 + 9u, acc[9][j]);
    }
  } else if (t == 196u) {
    var acc: array<f32, 10>;
    for (var i = 0u; i < params.count; i++) {
      let gp0 = g[((0u + i * C) >> 1u) + 0u];
    let gp1 = g[((0u + i * C) >> 1u) + 1u];
    let gp2 = g[((0u + i * C) >> 1u) + 2u];
    let gp3 = g[((0u + i * C) >> 1u) + 3u];
    let gp4 = g[((0u + i * C) >> 1u) + 4u];
      acc[0] += gp0.x;
    acc[1] += gp0.y;
    acc[2] += gp1.x;
    acc[3] += gp1.y;
    acc[4] += gp2.x;
    acc[5] += gp2.y;
    acc[6] += gp3.x;
    acc[7] += gp3.y;
    acc[8] += gp4.x;
    acc[9] += gp4.y;
    }
    for (var c = 0u; c < C; c++) { update_b(c, acc[c]); }
  } else if (t == 197u) {
    var loss = 0.0;
    var correct = 0.0;
    for (var k = 0u; k < params.partials; k++) {
      loss += partials[2u * k];
      correct += partials[2u * k + 1u];
    }
    stats[0] += loss;
    stats[1] += correct;
  }
}
