// Go's sort.Stable (sort/zsortinterface.go: insertion sort on blocks of 20, then SymMerge),
// ported so that sorted() performs the very comparisons go.starlark.net performs. That
// matters when comparisons fail: Go's sortSlice records the *last* comparison error and
// keeps sorting, so which message sorted([1, "a", None]) reports depends on the exact
// sequence of Less calls.

/** The sort.Interface being sorted: less(i, j) and swap(i, j) over indices. */
export interface SortData {
  less(i: number, j: number): boolean;
  swap(i: number, j: number): void;
}

export function stableSort(data: SortData, n: number): void {
  let blockSize = 20; // must be > 0
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(data, a, b);
    a = b;
    b += blockSize;
  }
  insertionSort(data, a, n);

  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(data, a, a + blockSize, b);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) symMerge(data, a, m, n);
    blockSize *= 2;
  }
}

function insertionSort(data: SortData, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && data.less(j, j - 1); j--) data.swap(j, j - 1);
  }
}

/** Merges the sorted data[a:m] and data[m:b] in place (Kim & Kutzner's SymMerge). */
function symMerge(data: SortData, a: number, m: number, b: number): void {
  if (m - a === 1) {
    // Binary search for the lowest index i in [m, b) with data[i] >= data[a], then move
    // data[a] to just before it.
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (data.less(h, a)) i = h + 1;
      else j = h;
    }
    for (let k = a; k < i - 1; k++) data.swap(k, k + 1);
    return;
  }
  if (b - m === 1) {
    // Binary search for the lowest index i in [a, m) with data[i] > data[m], then move
    // data[m] to it.
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!data.less(m, h)) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) data.swap(k, k - 1);
    return;
  }

  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - b;
    r = mid;
  } else {
    start = a;
    r = m;
  }
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!data.less(p - c, c)) start = c + 1;
    else r = c;
  }

  const end = n - start;
  if (start < m && m < end) rotate(data, start, m, end);
  if (a < start && start < mid) symMerge(data, a, start, mid);
  if (mid < end && end < b) symMerge(data, mid, end, b);
}

/** Rotates the consecutive blocks data[a:m] and data[m:b] into data[m:b] data[a:m]. */
function rotate(data: SortData, a: number, m: number, b: number): void {
  let i = m - a;
  let j = b - m;
  while (i !== j) {
    if (i > j) {
      swapRange(data, m - i, m, j);
      i -= j;
    } else {
      swapRange(data, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(data, m - i, m, i);
}

function swapRange(data: SortData, a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) data.swap(a + i, b + i);
}
