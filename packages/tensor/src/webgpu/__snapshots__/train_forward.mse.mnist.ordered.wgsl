// train_forward loss=mse F=784 C=10 ordered=true workgroup=32
const F = 784u;
const C = 10u;
struct Params { offset: u32, count: u32, invN: f32, scale: f32 }
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
var<workgroup> lossPart: array<f32, 32>;
var<workgroup> correctPart: array<u32, 32>;

@compute @workgroup_size(32)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let i = wid.x * 32u + lid;
  var lossSum = 0.0;
  var correct = 0u;
  if (i < params.count) {
    let row = rowOf(i);
    var z: array<f32, 10>;
    let base = row * 196u;
    for (var k4 = 0u; k4 < 196u; k4++) {
      let word = images[base + k4];
      if (word == 0u) { continue; }
      for (var j = 0u; j < 4u; j++) {
        let px = (word >> (j * 8u)) & 0xffu;
        if (px == 0u) { continue; }
        let k = k4 * 4u + j;
        let x = f32(px) / 255.0;
        for (var c = 0u; c < C; c++) { z[c] += x * w[k * C + c]; }
      }
    }
    let y = label(row);
    let o = i * C;
    for (var c = 0u; c < C; c++) { z[c] += b[c]; }
    var zmax = z[0];
    var arg = 0u;
    for (var c = 1u; c < C; c++) {
      if (z[c] > zmax) { zmax = z[c]; arg = c; }
    }
    var p: array<f32, 10>;
    var sum = 0.0;
    for (var c = 0u; c < C; c++) { p[c] = exp(z[c] - zmax); sum += p[c]; }
    for (var c = 0u; c < C; c++) { p[c] = p[c] / sum; }
    if (arg == y) { correct = 1u; }
    var rowLoss = 0.0;
    var dot = 0.0;
    for (var c = 0u; c < C; c++) {
      let d = p[c] - select(0.0, 1.0, c == y);
      rowLoss += d * d;
      dot += p[c] * d * params.scale;
    }
    lossSum += rowLoss / f32(C);
    for (var c = 0u; c < C; c++) { g[o + c] = p[c] * ((p[c] - select(0.0, 1.0, c == y)) * params.scale - dot); }
  }
  lossPart[lid] = lossSum;
  correctPart[lid] = correct;
  workgroupBarrier();
  for (var s = 16u; s > 0u; s >>= 1u) {
    if (lid < s) {
      lossPart[lid] += lossPart[lid + s];
      correctPart[lid] += correctPart[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[2u * wid.x] = lossPart[0];
    partials[2u * wid.x + 1u] = f32(correctPart[0]);
  }
}
