// The email rule refuses what `format: email` refuses (RFC 5321 lengths, RFC 1035 labels), so the command API and its
// OpenAPI document agree on every address.
import { email } from './commandFields.js';

describe('the email field', () => {
  it.each(['ann@example.com', "o'neil+news@mail.example.co", 'a_b-c@x-y.io', `${'a'.repeat(64)}@example.com`])('accepts %s', (address) => {
    expect(email.safeParse(address).success).toBe(true);
  });

  it.each([
    ['a label ending in a hyphen', 'ann@mail-.example.com'],
    ['a label starting with a hyphen', 'ann@-mail.example.com'],
    ['a local part of 65 characters', `${'a'.repeat(65)}@example.com`],
    ['a label of 64 characters', `ann@${'b'.repeat(64)}.com`],
    ['two dots in a row', 'ann..lee@example.com'],
    ['a leading dot', '.ann@example.com'],
    ['no top-level domain', 'ann@localhost'],
    ['a NUL', 'ann\u0000@example.com'],
  ])('refuses %s', (_why, address) => {
    expect(email.safeParse(address).success).toBe(false);
  });
});
