import type { TextClassifier } from "../classifier/text-classifier";
import type { ChangeCalibratorState } from "./change-calibration";
import type { FieldCalibratorState } from "./field-confidence";

/** What the offline extractor reads with: trained and cached by model.ts, used by read-message.ts. */
export type OfflineModel = {
  classifier: TextClassifier;
  fieldCalibrator: FieldCalibratorState;
  /** fitted on free-form dev by cross-validation, when that set is present */
  changeCalibrator?: ChangeCalibratorState;
};
