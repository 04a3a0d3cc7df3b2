// adam_step workgroup=64
struct Params { length: u32, stepSize: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, bc2Sqrt: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.length) { return; }
  let g = grad[i] + params.weightDecay * param[i];
  let mi = params.beta1 * m[i] + (1.0 - params.beta1) * g;
  let vi = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] -= params.stepSize * (mi / (sqrt(vi) / params.bc2Sqrt + params.eps));
}
