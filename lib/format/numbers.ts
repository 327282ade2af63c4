const count = new Intl.NumberFormat("en");
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

/** 12,345 */
export const formatCount = (n: number) => count.format(n);

/** A share (0..1) as a whole percentage: "42%". */
export const formatPercent = (share: number) => `${Math.round(share * 100)}%`;

/** A median, which may fall between two whole numbers: "2", "2.5". */
export const formatMedian = (n: number) => decimal.format(n);

/** "1 learner", "3 learners". */
export const plural = (n: number, one: string, other = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : other}`;
