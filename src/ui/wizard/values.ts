import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldErrors, Resolver } from 'react-hook-form';
import { addressFamilyOutliers, planDefaults } from '../../core/form-options';
import { planSchema, type Plan } from '../../core/plan';
import { checkSecrets, secretsSchema, type LinkSecrets } from '../../core/secrets';

/** The form's values: a plan input with every field present, so each control has a value. */
export interface HostValues {
  name: string;
  address: string;
  /** Tunnel mode only; ignored (not validated) in transport mode. */
  subnets: string[];
}

export interface WizardValues {
  version: 1;
  hosts: HostValues[];
  mode: Plan['mode'];
  protocols: Plan['protocols'];
  encryption: { algorithm: string; keyBits?: number | undefined };
  integrity: { algorithm: string };
  level: Plan['level'];
  upperProtocol: Plan['upperProtocol'];
  spi: { strategy: Plan['spi']['strategy'] };
}

export const emptyHost = (): HostValues => ({ name: '', address: '', subnets: [] });

export function initialValues(): WizardValues {
  return {
    ...planDefaults(),
    version: 1,
    hosts: [
      { name: 'a', address: '', subnets: [] },
      { name: 'b', address: '', subnets: [] },
    ],
  };
}

/** What the schema sees: subnets only exist in tunnel mode, so switching modes loses nothing typed. */
export function toPlanInput(values: WizardValues): Record<string, unknown> {
  return {
    ...values,
    hosts: values.hosts.map((h) =>
      values.mode === 'tunnel'
        ? { name: h.name, address: h.address, subnets: h.subnets }
        : { name: h.name, address: h.address },
    ),
  };
}

/** A validated plan back into form values (loading a file or a share link). */
export function valuesFromPlan(plan: Plan): WizardValues {
  return {
    ...plan,
    version: 1,
    hosts: plan.hosts.map((h) => ({ name: h.name, address: h.address, subnets: h.subnets ?? [] })),
  };
}

const MIXED_FAMILY =
  'IPv4 and IPv6 cannot be mixed in one link: this address is not of the same family as host 1.';

const schemaResolver = zodResolver(planSchema);

/**
 * The schema's resolver, fed the plan input, with one refinement for a form: a link mixing IPv4 and
 * IPv6 is reported by the schema on the host list; here it lands on each offending address field.
 */
export const wizardResolver: Resolver<WizardValues> = async (values, context, options) => {
  const result = await schemaResolver(
    toPlanInput(values) as Parameters<typeof schemaResolver>[0],
    context,
    options as Parameters<typeof schemaResolver>[2],
  );
  const errors = result.errors as FieldErrors<WizardValues>;
  if (Object.keys(errors).length === 0) return { values, errors: {} };
  const outliers = addressFamilyOutliers(values.hosts);
  if (outliers.length > 0) {
    const hostErrors = (Array.isArray(errors.hosts) ? errors.hosts : []) as unknown[];
    const list: unknown[] = Array.from({ length: values.hosts.length }, (_, i) => hostErrors[i]);
    for (const index of outliers) {
      const row = (list[index] ?? {}) as Record<string, unknown>;
      if (!row.address) row.address = { type: 'custom', message: MIXED_FAMILY };
      list[index] = row;
    }
    (errors as Record<string, unknown>).hosts = list;
  }
  return { values: {}, errors };
};

/** A schema issue path as people read it: "Host 2 address", "Encryption key size". */
export function describePath(path: readonly PropertyKey[]): string {
  const [head, index, field, sub] = path;
  if (head === 'hosts' && typeof index === 'number') {
    const what =
      field === 'subnets'
        ? `subnet${typeof sub === 'number' ? ` ${sub + 1}` : 's'}`
        : String(field ?? '');
    return `Host ${index + 1}${what ? ` ${what}` : ''}`;
  }
  const names: Record<string, string> = {
    hosts: 'Hosts',
    mode: 'Mode',
    protocols: 'Protocols',
    encryption: 'Encryption',
    integrity: 'Integrity',
    level: 'Policy level',
    upperProtocol: 'Traffic',
    spi: 'SPIs',
    version: 'Version',
  };
  const base = names[String(head)] ?? String(head);
  return field === undefined && index === 'keyBits' ? `${base} key size` : base;
}

export interface PlanProblem {
  /** Dotted form path (hosts.1.address) to focus, when the problem belongs to one field. */
  readonly field?: string;
  readonly message: string;
}

/** Every reason the current values are not a plan yet, for the preview's banner. */
export function planProblems(values: WizardValues): { plan?: Plan; problems: PlanProblem[] } {
  const parsed = planSchema.safeParse(toPlanInput(values));
  if (parsed.success) return { plan: parsed.data, problems: [] };
  const outliers = addressFamilyOutliers(values.hosts);
  const problems = parsed.error.issues.map((issue): PlanProblem => {
    const path = issue.path;
    if (path.length === 1 && path[0] === 'hosts' && outliers.length > 0) {
      return {
        field: `hosts.${outliers[0]}.address`,
        message: `Host ${(outliers[0] ?? 0) + 1} address: ${issue.message}`,
      };
    }
    return {
      field: path.map(String).join('.'),
      message: `${describePath(path)}: ${issue.message}`,
    };
  });
  return { problems };
}

/** The JSON a saved plan holds: the CLI's --plan format, plus the secrets when asked for. */
export function planFileText(plan: Plan, secrets?: LinkSecrets): string {
  return `${JSON.stringify(secrets ? { ...plan, secrets } : plan, null, 2)}\n`;
}

/**
 * Reads a saved plan, a bundle's plan.json, or a bundle's secrets.json (keys and SPIs alone, to be
 * reused with the current plan); errors name the field that is wrong.
 */
export function parsePlanFile(
  text: string,
):
  | { plan: Plan; secrets?: LinkSecrets }
  | { plan?: undefined; secrets: LinkSecrets }
  | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `This is not a JSON file: ${(error as Error).message}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { error: 'A plan file holds one JSON object with "hosts" and the choices.' };
  }
  if (!('hosts' in data) && ('spis' in data || 'keys' in data)) {
    // A bundle's secrets.json (the CLI's --reuse file): SPIs and keys without a plan.
    const secrets = checkedSecrets(data, '');
    return 'error' in secrets ? secrets : { secrets };
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : 'plan';
    return { error: `${where}: ${issue?.message ?? 'invalid plan'}` };
  }
  const raw = (data as { secrets?: unknown }).secrets;
  if (raw === undefined) return { plan: parsed.data };
  const secrets = checkedSecrets(raw, 'secrets.');
  return 'error' in secrets ? secrets : { plan: parsed.data, secrets };
}

/** SPIs and keys from a file, checked before any of them reaches a renderer. */
function checkedSecrets(raw: unknown, prefix: string): LinkSecrets | { error: string } {
  const secrets = secretsSchema.safeParse(raw);
  if (!secrets.success) {
    const issue = secrets.error.issues[0];
    return {
      error: `${prefix}${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? ''}`,
    };
  }
  const problem = checkSecrets(secrets.data)[0];
  if (problem) return { error: `${prefix}${problem.path}: ${problem.message}` };
  return secrets.data;
}

const FRAGMENT_KEY = 'plan=';

/** The share link's fragment: the plan alone, never a key or SPI. */
export const shareFragment = (plan: Plan): string =>
  `#${FRAGMENT_KEY}${encodeURIComponent(JSON.stringify(plan))}`;

/** A plan from a share link's fragment; undefined when there is none. */
export function planFromFragment(hash: string): { plan: Plan } | { error: string } | undefined {
  const body = hash.replace(/^#/, '');
  if (!body.startsWith(FRAGMENT_KEY)) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(body.slice(FRAGMENT_KEY.length));
  } catch {
    return { error: 'The link is damaged: its plan cannot be read.' };
  }
  const result = parsePlanFile(text);
  if ('error' in result) return result;
  if (!result.plan) return { error: 'The link holds no plan.' };
  // A share link never carries secrets; one that claims to is ignored rather than trusted.
  return { plan: result.plan };
}
