// A compile-time proof that a zod schema parses to exactly the plain type written for it
// (config/types.ts, each connector's types.ts), used beside each schema as
// `true satisfies SameType<z.output<typeof schema>, PlainType>`: the statement stops compiling
// the moment either side changes alone.

/**
 * `true` when A and B are the same type. Assignability both ways is not enough: it lets a
 * `readonly` or an `any` slip through. Otherwise both types, so the compiler's message shows them.
 */
export type SameType<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : { schemaParsesTo: A; plainTypeIs: B };
