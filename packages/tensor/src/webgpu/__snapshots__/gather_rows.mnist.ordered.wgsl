// gather_rows R=784 ordered=true workgroup=64
const R = 784u;
struct Params { offset: u32, count: u32, firstRow: u32, skip: u32, spanRows: u32, length: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> part: array<u32>;
@group(0) @binding(2) var<storage, read_write> batch: array<u32>;
@group(0) @binding(3) var<storage, read> order: array<u32>;
fn rowOf(i: u32) -> u32 { return order[params.offset + i]; }
fn flatIndex(gid: vec3u, groups: vec3u) -> u32 { return gid.x + gid.y * groups.x * 64u; }

// Byte k of dataset row r as a byte of this part, or a value ≥ params.length when the part lacks it;
// rows outside the part's span are refused before the product that could overflow.
fn localByte(r: u32, k: u32) -> u32 {
  if (r < params.firstRow || r - params.firstRow >= params.spanRows) { return 0xffffffffu; }
  let b = (r - params.firstRow) * R + k;
  if (b < params.skip) { return 0xffffffffu; }
  return b - params.skip;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t >= (params.count * R + 3u) / 4u) { return; }
  let i = t / 196u;
  let k = (t % 196u) * 4u;
  let local = localByte(rowOf(i), k);
  if (local < params.length) { batch[t] = part[local >> 2u]; }
}
