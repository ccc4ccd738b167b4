import { expect } from 'chai';
import { japaneseFeatures } from '../../../services/nlu/japaneseFeatures.ts';

describe('japaneseFeatures', () => {
  it('keeps the words, drops digits and lone particles', () => {
    const features = japaneseFeatures(['認証', 'キー', 'が', '2', '届か', 'ない'], '認証キーが2届かない');
    expect(features.slice(0, 4)).to.deep.equal(['認証', 'キー', '届か', 'ない']);
  });

  it('adds character bigrams except all-hiragana ones, and single kanji', () => {
    const features = japaneseFeatures([], '届かない');
    expect(features).to.include.members(['届か', '届']);
    expect(features).not.to.include.members(['かな', 'ない']);
  });

  it('keeps Latin words inside Japanese as they are', () => {
    expect(japaneseFeatures([], 'gmailに届かない')).to.include('gmail');
  });
});
