/**
 * "Missing return statement" check: a non-void method whose body can complete normally.
 * Conservative in the same way as the Java/Apex rule: loops other than `while (true)` may complete.
 */
import {
  BlockContext,
  DoWhileStatementContext,
  ForStatementContext,
  IfStatementContext,
  ReturnStatementContext,
  StatementContext,
  SwitchStatementContext,
  ThrowStatementContext,
  TryStatementContext,
  WhileStatementContext
} from '@apexdevtools/apex-parser';

function blockCompletes(b: BlockContext): boolean {
  for (const s of b.statement_list()) if (!completes(s)) return false;
  return true;
}

function containsBreak(s: StatementContext | BlockContext): boolean {
  const text = s.getText();
  return /break;/.test(text);
}

/** True when the statement can complete normally (fall through to the next statement). */
export function completes(stmt: StatementContext): boolean {
  const s = stmt.getChild(0);
  if (s instanceof ReturnStatementContext || s instanceof ThrowStatementContext) return false;
  if (s instanceof BlockContext) return blockCompletes(s);
  if (s instanceof IfStatementContext) {
    const [a, b] = s.statement_list();
    return !b || completes(a) || completes(b);
  }
  if (s instanceof TryStatementContext) {
    const fin = s.finallyBlock();
    if (fin && !blockCompletes(fin.block())) return false;
    return blockCompletes(s.block()) || s.catchClause_list().some((c) => blockCompletes(c.block()));
  }
  if (s instanceof SwitchStatementContext) {
    const whens = s.whenControl_list();
    const hasElse = whens.some((w) => w.whenValue().ELSE());
    return !hasElse || whens.some((w) => blockCompletes(w.block()));
  }
  if (s instanceof WhileStatementContext) {
    const cond = s.parExpression().expression().getText().toLowerCase();
    return cond !== 'true' || containsBreak(stmt);
  }
  if (s instanceof DoWhileStatementContext) {
    return blockCompletes(s.block()) || containsBreak(stmt);
  }
  if (s instanceof ForStatementContext) {
    const c = s.forControl();
    return c.enhancedForControl() !== null || c.expression() !== null || containsBreak(stmt);
  }
  return true;
}

export function bodyCompletes(b: BlockContext): boolean {
  return blockCompletes(b);
}
