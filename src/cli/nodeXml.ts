// plugin-cfg.xml read under Node (the command line, the tests): @xmldom/xmldom, a maintained DOM parser
// whose elements answer the reader's few DOM calls as a browser's do (io/pluginCfgImport.ts).

import { DOMParser } from '@xmldom/xmldom';
import { PluginCfgError, type ParseXml, type XmlElement } from '../io/pluginCfgImport.ts';

/** The text's root element; a PluginCfgError with the line and column where the text is not XML. */
export const parseXmlInNode: ParseXml = (text) => {
  let said = '';
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level === 'warning') return;
        said = message;
        throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    const root = doc.documentElement;
    if (!root) throw new Error('missing root element');
    return root as unknown as XmlElement;
  } catch (e) {
    const at = (e as { locator?: { lineNumber?: number; columnNumber?: number } }).locator;
    const where = at?.lineNumber ? `line ${at.lineNumber}, column ${at.columnNumber ?? 1}: ` : '';
    const what = said || (e instanceof Error ? e.message : String(e));
    throw new PluginCfgError([`The file is not well-formed XML: ${where}${what.slice(0, 200)}`]);
  }
};
