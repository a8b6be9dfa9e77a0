/**
 * The Apex stub API: `Test.createStub(Type, System.StubProvider)` returns an object of the type whose
 * instance method calls go to the provider's `handleMethodCall(stubbedObject, stubbedMethodName, returnType,
 * listOfParamTypes, listOfParamNames, listOfArgs)`; its answer is the call's result. No constructor runs.
 * https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_testing_stub_api.htm
 */
import type { ApexParserRuleContext as ParserRuleContext } from '@apexdevtools/apex-parser';
import { callUserMethod } from '../calls.js';
import { findMethods, type MethodInfo } from '../class-table.js';
import type { Interpreter } from '../interpreter.js';
import { coerce } from '../types.js';
import { ApexList, ApexObject, ApexTypeValue, typeRef, type Value } from '../values.js';

const providers = new WeakMap<ApexObject, ApexObject>();

export function createStub(it: Interpreter, type: Value, provider: Value, ctx: ParserRuleContext): ApexObject {
  if (type === null || provider === null) return it.npe();
  if (!(type instanceof ApexTypeValue)) return it.throwApex('TypeException', 'Test.createStub needs a Type');
  const cls = it.findClass(type.type.name, it.frame?.cls ?? null);
  if (!cls || cls.builtin || cls.kind === 'enum')
    return it.unsupported(`Test.createStub of ${type.type.name} (only Apex classes and interfaces)`, ctx);
  if (!(provider instanceof ApexObject) || !findMethods(provider.cls, 'handlemethodcall').length)
    return it.throwApex(
      'TypeException',
      'Test.createStub needs an instance of a class implementing System.StubProvider'
    );
  const stub = new ApexObject(cls);
  providers.set(stub, provider);
  return stub;
}

/** The runtimeProbes.call implementation: answers calls on stubs through their provider. */
export function stubCall(
  it: Interpreter,
  m: MethodInfo,
  self: ApexObject,
  args: readonly Value[]
): { value: Value } | null {
  const provider = providers.get(self);
  if (!provider || m.isStatic || m.isConstructor) return null;
  const answer = callUserMethod(it, provider, 'handlemethodcall', [
    self,
    m.name,
    new ApexTypeValue(m.returnType ?? typeRef('void')),
    new ApexList(
      typeRef('System.Type'),
      m.params.map((p) => new ApexTypeValue(p.type))
    ),
    new ApexList(
      typeRef('String'),
      m.params.map((p) => p.name)
    ),
    new ApexList(typeRef('Object'), [...args])
  ]).value;
  return { value: m.returnType ? coerce(answer, m.returnType) : null };
}
