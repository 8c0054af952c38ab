// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { displayText } from './display';

describe('displayText', () => {
  it('removes bidirectional controls so a name cannot flip the text around it', () => {
    expect(displayText('\u202e网格长\u202c')).toBe('网格长');
    expect(displayText('a\u2066b\u2069\u200fc\u061c')).toBe('abc');
    expect(displayText(null)).toBe('');
  });
});
