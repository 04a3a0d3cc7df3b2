// loss_and_grad loss=cross-entropy C=10 ordered=false grad=in-place confusion=false workgroup=256
const C = 10u;
struct Params { offset: u32, count: u32, invN: f32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> z: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read_write> stats: array<f32>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
fn label(i: u32) -> u32 { return (labels[i >> 2u] >> ((i & 3u) * 8u)) & 0xffu; }
var<workgroup> lossPart: array<f32, 256>;
var<workgroup> correctPart: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  var lossSum = 0.0;
  var correct = 0u;
  for (var i = lid; i < params.count; i += 256u) {
    let y = label(rowOf(i));
    let o = i * C;
    var zmax = z[o];
    var arg = 0u;
    for (var c = 1u; c < C; c++) {
      if (z[o + c] > zmax) { zmax = z[o + c]; arg = c; }
    }
    var p: array<f32, 10>;
    var sum = 0.0;
    for (var c = 0u; c < C; c++) { p[c] = exp(z[o + c] - zmax); sum += p[c]; }
    for (var c = 0u; c < C; c++) { p[c] = p[c] / sum; }
    if (arg == y) { correct += 1u; }
    
    lossSum += log(sum) + (zmax - z[o + y]);
    for (var c = 0u; c < C; c++) { z[o + c] = (p[c] - select(0.0, 1.0, c == y)) * params.invN; }
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
    stats[0] += lossPart[0];
    stats[1] += f32(correctPart[0]);
  }
}
