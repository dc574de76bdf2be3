// The custom `dnn/modelSummary` request: the client's Summary command and results panel ask
// the server for the analysed model instead of parsing the file a second time.
// No runtime imports, so the client can import it without pulling in server code.
import type { ModelSummary, SummaryLayer } from '../language/features/summary';

export const modelSummaryMethod = 'dnn/modelSummary';

export interface ModelSummaryParams {
  /** Document URI; an open document is summarised as edited, a closed `file:` one from disk. */
  uri: string;
}

export type { ModelSummary, SummaryLayer };
