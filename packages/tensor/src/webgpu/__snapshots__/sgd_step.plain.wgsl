// sgd_step momentum=false workgroup=64
struct Params { length: u32, step: u32, lr: f32, momentum: f32, dampening: f32, weightDecay: f32, nesterov: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;

fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.length) { return; }
  var g = grad[i] + params.weightDecay * param[i];
  param[i] -= params.lr * g;
}
