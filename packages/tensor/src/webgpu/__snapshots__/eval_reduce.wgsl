// eval_reduce workgroup=256
struct Params { count: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;
var<workgroup> lossPart: array<f32, 256>;
var<workgroup> correctPart: array<u32, 256>;

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let member = wid.x + wid.y * groups.x;
  let base = member * params.count * 2u;
  var lossSum = 0.0;
  var correct = 0u;
  for (var i = lid; i < params.count; i += 256u) {
    lossSum += out[base + 2u * i];
    correct += u32(out[base + 2u * i + 1u]);
  }
  lossPart[lid] = lossSum;
  correctPart[lid] = correct;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (lid < s) {
      lossPart[lid] += lossPart[lid + s];
      correctPart[lid] += correctPart[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    stats[2u * member] += lossPart[0];
    stats[2u * member + 1u] += f32(correctPart[0]);
  }
}
