// Reading a Pulumi Output in a test: its value, and whether it is known and secret. The one place
// tests reach into the Output internals the SDK keeps public at runtime but hides from its typings
// (the plan's own reader is cli/lib/planValue.ts).

import * as pulumi from "@pulumi/pulumi";

interface OutputInternals<T> {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<T>;
}

/** An Output's (or plain value's) value, and whether it is known and secret. */
export async function inspect<T>(
  value: pulumi.Input<T>,
): Promise<{ value: T | undefined; known: boolean; secret: boolean }> {
  const o = pulumi.output(value) as unknown as OutputInternals<T>;
  const [v, known, secret] = await Promise.all([o.promise(true), o.isKnown, o.isSecret]);
  return { value: v, known, secret };
}

/** The resolved value of an Output. */
export async function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return (await inspect(o)).value as T;
}

/** Whether an Output is secret. */
export async function isSecret(o: pulumi.Output<unknown>): Promise<boolean> {
  return (await inspect(o)).secret;
}
