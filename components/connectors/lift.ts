// Lifts a pure sheet builder into stack outputs: one Output per field, secret fields as Pulumi
// secrets, each resolving only once the connector's resources are ready. Non-secret fields are
// computed without the secret values at all, so no unsecret() is ever needed to show them.

import * as pulumi from "@pulumi/pulumi";
import type { ConnectorBundle } from "../outputs";

/** A connector bundle as the program exports it: the structure plain, the values Outputs. */
export interface BundleFieldOutput {
  readonly form?: string;
  readonly name: string;
  readonly value: pulumi.Output<string>;
  readonly secret: boolean;
}

export interface BundleOutput {
  readonly connector: string;
  readonly title: string;
  readonly fields: readonly BundleFieldOutput[];
  readonly manualSteps: readonly string[];
}

type Inputs<T> = { readonly [K in keyof T]: pulumi.Input<T[K]> };

/** Stands in for secret values when a field that must not see them is computed. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface LiftSpec<P extends object, S extends Record<string, string>> {
  readonly build: (values: P & S) => ConnectorBundle;
  /** Values that are not secret (config, client ids, URLs). */
  readonly values: Inputs<P>;
  /** Secret values; only the fields marked secret are computed from them. */
  readonly secrets: Inputs<S>;
  /**
   * Plain stand-ins for `values`, used once at construction to learn the sheet's structure
   * (field names, forms, which are secret), which must not depend on the values.
   */
  readonly shape: P;
  /** Outputs that must resolve before any field does (scopes granted, hooks verified). */
  readonly ready?: readonly pulumi.Input<unknown>[];
}

export function liftBundle<P extends object, S extends Record<string, string>>(
  spec: LiftSpec<P, S>,
): BundleOutput {
  const secretKeys = Object.keys(spec.secrets) as (keyof S)[];
  const placeholders = Object.fromEntries(secretKeys.map((k) => [k, SECRET_PLACEHOLDER])) as S;
  const shape = spec.build({ ...spec.shape, ...placeholders });
  const ready = pulumi.all([...(spec.ready ?? [])]);
  const values = pulumi.all([pulumi.output(spec.values), ready]).apply(([v]) => v as P);
  const withSecrets = pulumi
    .all([values, pulumi.output(spec.secrets)])
    .apply(([v, s]) => spec.build({ ...(v as P), ...(s as S) }));
  const withoutSecrets = values.apply((v) => spec.build({ ...(v as P), ...placeholders }));

  const fields = shape.fields.map((f, i): BundleFieldOutput => {
    const pick = (bundle: ConnectorBundle): string => {
      const resolved = bundle.fields[i];
      if (resolved?.name !== f.name || resolved.secret !== f.secret || resolved.form !== f.form)
        throw new TypeError(
          `${shape.connector}: field ${i} (${f.name}) changed shape with the values; a sheet's ` +
            "structure must not depend on them",
        );
      return resolved.value;
    };
    const value = f.secret ? pulumi.secret(withSecrets.apply(pick)) : withoutSecrets.apply(pick);
    return {
      ...(f.form === undefined ? {} : { form: f.form }),
      name: f.name,
      value,
      secret: f.secret,
    };
  });
  return {
    connector: shape.connector,
    title: shape.title,
    fields,
    manualSteps: shape.manualSteps,
  };
}
