// train_forward loss=cross-entropy F=61 C=5 ordered=false workgroup=32
const F = 61u;
const C = 5u;
struct Params { offset: u32, count: u32, invN: f32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
@group(0) @binding(2) var<storage, read> labels: array<u32>;
@group(0) @binding(3) var<storage, read> w: array<f32>;
@group(0) @binding(4) var<storage, read> b: array<f32>;
@group(0) @binding(5) var<storage, read_write> g: array<f32>;
@group(0) @binding(6) var<storage, read_write> partials: array<f32>;
fn rowOf(i: u32) -> u32 { return params.offset + i; }
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
    var z: array<f32, 5>;
    let base = row * F;
    for (var k = 0u; k < F; k++) {
      let px = pixel(base + k);
      if (px != 0u) {
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
    var p: array<f32, 5>;
    var sum = 0.0;
    for (var c = 0u; c < C; c++) { p[c] = exp(z[c] - zmax); sum += p[c]; }
    for (var c = 0u; c < C; c++) { p[c] = p[c] / sum; }
    if (arg == y) { correct = 1u; }
    lossSum += log(sum) + (zmax - z[y]);
    for (var c = 0u; c < C; c++) { g[o + c] = (p[c] - select(0.0, 1.0, c == y)) * params.invN; }
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
