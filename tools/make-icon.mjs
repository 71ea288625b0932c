// Draws media/icon.png (128×128, the extension's Marketplace icon) from the same shapes as
// media/incus.svg: three stacked cluster members, the top one filled as the placement target.
// No image library: polygons are rasterized with 4×4 supersampling and written as a PNG.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const S = 128;
const SS = 4;
const px = new Float32Array(S * S * 4); // premultiplied RGBA, 0..1

function fill(poly, [r, g, b, a]) {
  for (let y = 0; y < S; y++)
    for (let x = 0; x < S; x++) {
      let hit = 0;
      for (let sy = 0; sy < SS; sy++)
        for (let sx = 0; sx < SS; sx++) if (inside(poly, x + (sx + 0.5) / SS, y + (sy + 0.5) / SS)) hit++;
      const cov = (hit / (SS * SS)) * a;
      if (!cov) continue;
      const i = (y * S + x) * 4;
      px[i] = r * cov + px[i] * (1 - cov);
      px[i + 1] = g * cov + px[i + 1] * (1 - cov);
      px[i + 2] = b * cov + px[i + 2] * (1 - cov);
      px[i + 3] = cov + px[i + 3] * (1 - cov);
    }
}
function inside(poly, x, y) {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
/** A rounded square as a polygon. */
function roundRect(x0, y0, x1, y1, r) {
  const pts = [];
  const corner = (cx, cy, a0) => {
    for (let k = 0; k <= 8; k++) {
      const a = a0 + (k / 8) * (Math.PI / 2);
      pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
  };
  corner(x1 - r, y1 - r, 0);
  corner(x0 + r, y1 - r, Math.PI / 2);
  corner(x0 + r, y0 + r, Math.PI);
  corner(x1 - r, y0 + r, (3 * Math.PI) / 2);
  return pts;
}
/** A thick open polyline as quads. */
function stroke(points, w, color) {
  for (let i = 0; i + 1 < points.length; i++) {
    const [x0, y0] = points[i];
    const [x1, y1] = points[i + 1];
    const len = Math.hypot(x1 - x0, y1 - y0);
    const nx = (-(y1 - y0) / len) * (w / 2);
    const ny = ((x1 - x0) / len) * (w / 2);
    fill([[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]], color);
    fill(circle(x1, y1, w / 2), color);
    if (i === 0) fill(circle(x0, y0, w / 2), color);
  }
}
function circle(cx, cy, r) {
  return Array.from({ length: 16 }, (_, k) => [cx + r * Math.cos((k / 16) * 2 * Math.PI), cy + r * Math.sin((k / 16) * 2 * Math.PI)]);
}

const k = S / 24; // the SVG's 24-unit grid
const P = (x, y) => [x * k, y * k + 0.5 * k];
fill(roundRect(2, 2, S - 2, S - 2, 22), [0.16, 0.2, 0.27, 1]); // dark slate
const orange = [0.96, 0.55, 0.16, 1];
const light = [0.93, 0.95, 0.98, 1];
fill([P(12, 2.5), P(20.5, 7), P(12, 11.5), P(3.5, 7)], orange); // the placement target
stroke([P(12, 2.5), P(20.5, 7), P(12, 11.5), P(3.5, 7), P(12, 2.5)], 1.3 * k, orange);
stroke([P(3.5, 12), P(12, 16.5), P(20.5, 12)], 1.6 * k, light);
stroke([P(3.5, 17), P(12, 21.5), P(20.5, 17)], 1.6 * k, light);
stroke([P(3.5, 7), P(3.5, 17)], 1.6 * k, light);
stroke([P(20.5, 7), P(20.5, 17)], 1.6 * k, light);

// PNG: 8-bit RGBA, un-premultiplied, filter 0 per row.
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  for (let x = 0; x < S; x++) {
    const i = (y * S + x) * 4;
    const a = px[i + 3];
    const o = y * (S * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round((px[i] / a) * 255) : 0;
    raw[o + 1] = a ? Math.round((px[i + 1] / a) * 255) : 0;
    raw[o + 2] = a ? Math.round((px[i + 2] / a) * 255) : 0;
    raw[o + 3] = Math.round(a * 255);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let j = 0; j < 8; j++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8;
ihdr[9] = 6;
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
const out = new URL("../media/icon.png", import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
