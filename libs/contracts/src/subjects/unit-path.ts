/**
 * The administrative path of a unit from its code: 440106001002 → 44 / 4401 / 440106 / 440106001 /
 * 440106001002 (province, city, district, street, community), and a grid code `440106001002-G03` adds
 * itself below its community. Division codes are zero-padded to 12 digits in the national tables.
 */
export function unitPathOf(code: string): string[] {
  const [division, ...below] = code.split('-');
  if (!/^[0-9]{2,12}$/.test(division)) throw new Error(`Not a division code: ${code}`);
  const path: string[] = [];
  for (const length of [2, 4, 6, 9, 12]) {
    if (division.length < length) break;
    const prefix = division.slice(0, length);
    // Trailing zero groups mean the level is not set (440100000000 is the city itself).
    if (length > 2 && /^0+$/.test(division.slice(levelStart(length), length))) break;
    path.push(prefix);
  }
  let current = division;
  for (const part of below) {
    current = `${current}-${part}`;
    path.push(current);
  }
  return path;
}

function levelStart(length: number): number {
  return { 4: 2, 6: 4, 9: 6, 12: 9 }[length] ?? 0;
}
