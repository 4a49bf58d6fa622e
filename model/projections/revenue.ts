// "Revenue counts orders that are paid or shipped" (docs/http-api.md): one definition for every projection that
// sums money.
export const countsAsRevenue = (order: string): string => `${order}.status IN ('paid', 'shipped')`;

/** The order columns `countsAsRevenue` reads, for the `reads` of an expression that uses it. */
export const revenueReads = ['status'] as const;
