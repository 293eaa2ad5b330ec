import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render-template.ts';

describe('renderTemplate', () => {
  it('replaces every occurrence, spaces inside braces allowed', () => {
    expect(renderTemplate('a={{x}} b={{ y }} c={{x}}', { x: 1, y: 'two' })).toBe('a=1 b=two c=1');
  });

  it('rejects placeholders without a value', () => {
    expect(() => renderTemplate('{{x}} {{z}}', { x: 1 })).toThrow(/without a value: z/);
  });

  it('rejects values the template does not use', () => {
    expect(() => renderTemplate('{{x}}', { x: 1, extra: 2 })).toThrow(/does not use: extra/);
  });
});
