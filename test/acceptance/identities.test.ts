/** Acceptance on the outside source exports: every person identifier the sources key on is valid. */
import { readFileSync } from 'node:fs';
import { parseNationalId } from '../../lib/national-id';
import { describeWithFixtures, fixture } from '../../dev/fixtures';

describeWithFixtures('fixtures: national identity numbers', () => {
  test('every Helseplattformen patient has a valid synthetic fødselsnummer or D-nummer that encodes the birth date', () => {
    const lines = readFileSync(fixture('helseplattformen', 'Patient.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const p = JSON.parse(line) as {
        id: string;
        birthDate: string;
        identifier: { system: string; value: string }[];
      };
      const info = parseNationalId(p.identifier[0]!.value);
      expect({ id: p.id, info }).toEqual({
        id: p.id,
        info: expect.objectContaining({ synthetic: true, birthDate: p.birthDate }),
      });
      const dnr = p.identifier[0]!.system.endsWith('.4.2');
      expect((info as { kind: string }).kind).toBe(dnr ? 'd-nummer' : 'fodselsnummer');
    }
  });
});
