/**
 * What the type checker learns about casts that the run needs: a numeric cast converts (`(Integer) 5.7`
 * is 5) only when its operand's static type is numeric. Through Object the value must already be of the
 * target type — `(Integer)(Object) 5.2` raises `System.TypeException: Invalid conversion from runtime
 * type Decimal to Integer` (Salesforce Stack Exchange 207118, "Is Apex casting not transitive?",
 * https://salesforce.stackexchange.com/questions/207118). The checker marks such casts here; a cast it
 * did not type (unknown operand type) keeps converting.
 */
import type { CastExpressionContext } from '@apexdevtools/apex-parser';

const nonNumericOperand = new WeakSet<CastExpressionContext>();

/** The checker found the operand's static type, and it is not numeric (Object, a class, …). */
export function markNonNumericCast(cast: CastExpressionContext): void {
  nonNumericOperand.add(cast);
}

/** Whether a numeric value may be converted by this cast (false: it must already be of the target type). */
export function castConverts(cast: CastExpressionContext): boolean {
  return !nonNumericOperand.has(cast);
}
