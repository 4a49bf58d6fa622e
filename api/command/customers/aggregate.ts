// The customer aggregate as the rules see it, and the facts they decide (past tense). A fact carries the whole
// customer row the adapter writes.
export type Tier = 'standard' | 'gold' | 'platinum';

export interface Customer {
  id: string;
  name: string;
  email: string;
  city: string | null;
  tier: Tier;
  version: number;
}

export interface CustomerRegistered {
  type: 'CustomerRegistered';
  customer: Customer;
}

export interface CustomerDetailsChanged {
  type: 'CustomerDetailsChanged';
  customer: Customer;
}
