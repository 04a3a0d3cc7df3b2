/**
 * Turning any image into an MNIST-like 28×28 digit, the way the MNIST images were made: grayscale,
 * white ink on black (inverted when the background is light), the ink's bounding box fitted into
 * 20×20 preserving the aspect ratio (area averaging when shrinking, bilinear when enlarging), then
 * placed in 28×28 so that its centre of mass is at the centre.
 * @module
 */
import type { RasterImage } from "./png.ts";

/** A grayscale float image, values 0…255. */
interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Luminance, with alpha composited over white. */
export function toGray(img: RasterImage): Gray {
  const { width, height, channels, data } = img;
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const p = i * channels;
    const lum = channels >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
    const alpha = channels === 2 ? data[p + 1] / 255 : channels === 4 ? data[p + 3] / 255 : 1;
    out[i] = lum * alpha + 255 * (1 - alpha);
  }
  return { width, height, data: out };
}

/** Mean of the border pixels: the background's brightness. */
function borderMean(g: Gray): number {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < g.width; x++) {
    sum += g.data[x] + g.data[(g.height - 1) * g.width + x];
    n += 2;
  }
  for (let y = 0; y < g.height; y++) {
    sum += g.data[y * g.width] + g.data[y * g.width + g.width - 1];
    n += 2;
  }
  return sum / n;
}

function resample(src: Gray, x0: number, y0: number, w: number, h: number, outW: number, outH: number): Gray {
  const out = new Float32Array(outW * outH);
  const sx = w / outW;
  const sy = h / outH;
  const at = (x: number, y: number) =>
    src.data[Math.min(src.height - 1, Math.max(0, y)) * src.width + Math.min(src.width - 1, Math.max(0, x))];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      if (sx > 1 || sy > 1) {
        // Area average over the source rectangle, with fractional coverage at its edges.
        const ax = x0 + ox * sx;
        const bx = ax + sx;
        const ay = y0 + oy * sy;
        const by = ay + sy;
        let sum = 0;
        let area = 0;
        for (let y = Math.floor(ay); y < Math.ceil(by); y++) {
          const cy = Math.min(by, y + 1) - Math.max(ay, y);
          for (let x = Math.floor(ax); x < Math.ceil(bx); x++) {
            const c = cy * (Math.min(bx, x + 1) - Math.max(ax, x));
            sum += c * at(x, y);
            area += c;
          }
        }
        out[oy * outW + ox] = sum / area;
      } else {
        const fx = x0 + (ox + 0.5) * sx - 0.5;
        const fy = y0 + (oy + 0.5) * sy - 0.5;
        const ix = Math.floor(fx);
        const iy = Math.floor(fy);
        const tx = fx - ix;
        const ty = fy - iy;
        out[oy * outW + ox] =
          (1 - ty) * ((1 - tx) * at(ix, iy) + tx * at(ix + 1, iy)) +
          ty * ((1 - tx) * at(ix, iy + 1) + tx * at(ix + 1, iy + 1));
      }
    }
  }
  return { width: outW, height: outH, data: out };
}

/** The 28×28 u8 MNIST-style image of `img`, and whether it was inverted. */
export function mnistify(img: RasterImage): { pixels: Uint8Array; inverted: boolean } {
  const g = toGray(img);
  const inverted = borderMean(g) > 127;
  if (inverted) for (let i = 0; i < g.data.length; i++) g.data[i] = 255 - g.data[i];
  let max = 0;
  for (const v of g.data) max = Math.max(max, v);
  const pixels = new Uint8Array(784);
  if (max === 0) return { pixels, inverted };
  // Bounding box of the ink (ignoring faint noise below 10% of the brightest pixel).
  let minX = g.width;
  let minY = g.height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) {
      if (g.data[y * g.width + x] > max * 0.1) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
  }
  const w = maxX - minX + 1;
  const h = maxY - minY + 1;
  const scale = 20 / Math.max(w, h);
  const fw = Math.max(1, Math.round(w * scale));
  const fh = Math.max(1, Math.round(h * scale));
  const fitted = resample(g, minX, minY, w, h, fw, fh);
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++) {
      const v = fitted.data[y * fw + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  const ox = Math.min(28 - fw, Math.max(0, Math.round(14 - cx / mass)));
  const oy = Math.min(28 - fh, Math.max(0, Math.round(14 - cy / mass)));
  const k = 255 / max;
  for (let y = 0; y < fh; y++) {
    for (let x = 0; x < fw; x++)
      pixels[(oy + y) * 28 + ox + x] = Math.round(Math.min(255, fitted.data[y * fw + x] * k));
  }
  return { pixels, inverted };
}
