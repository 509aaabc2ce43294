/**
 * Registering an access request through the gateway, for tests of who may see what: the
 * request's case id. At the Lerkendal office unless the input names another; any error is
 * thrown with the answer's errors.
 */
import { gql } from './services';

export const LERKENDAL = 'Helse- og velferdskontor Lerkendal';

export async function registerAccessRequest(
  gatewayUrl: string,
  token: string,
  input: Record<string, unknown>,
): Promise<string> {
  const r = await gql(
    gatewayUrl,
    `mutation ($i: RegisterAccessRequestInput!) { registerAccessRequest(input: $i) { saksmappe { id } } }`,
    { token, variables: { i: { administrativEnhet: LERKENDAL, ...input } } },
  );
  if (r.body.errors) throw new Error(`registerAccessRequest: ${JSON.stringify(r.body.errors)}`);
  return r.body.data.registerAccessRequest.saksmappe.id as string;
}
