"""NeuroKit2's default R-peak detection and HRV on the ECG fixtures, written as a small JSON
fixture that the Swift tests assert against. Dev-only; the Swift tests never run Python.

Run from the repository root:  tools/biometrics/.venv/bin/python tools/biometrics/ecg_oracle.py
Writes Tests/BiometricsTests/Fixtures/edf/synth_ecg.edf (the ECG of the WFDB fixture synth16 as a
16-bit EDF, 250 Hz, label "ECG I") and Tests/BiometricsTests/Fixtures/ecg_reference.json with, for
the WFDB record and that EDF (each as its reader gives it): nk.ecg_clean + nk.ecg_peaks (method
"neurokit", the defaults; ecg_process finds the same peaks on these records), the peak indices,
the first cleaned samples, and nk.hrv_time's MeanNN, SDNN, RMSSD (ms) with the mean heart rate.
"""
import json
import os
import warnings
from datetime import datetime

import numpy as np
import neurokit2 as nk
import pyedflib
import wfdb

warnings.filterwarnings("ignore")
ROOT = os.getcwd()
FIX = os.path.join(ROOT, "Tests/BiometricsTests/Fixtures")


def reference(ecg, fs):
    clean = nk.ecg_clean(ecg, sampling_rate=fs, method="neurokit")
    _, info = nk.ecg_peaks(clean, sampling_rate=fs, method="neurokit")
    peaks = np.asarray(info["ECG_R_Peaks"], dtype=int)
    hrv = nk.hrv_time(peaks, sampling_rate=fs)
    mean_nn = float(hrv["HRV_MeanNN"][0])
    return {"fs": fs, "peaks": peaks.tolist(), "clean_head": clean[:10].tolist(), "MeanNN": mean_nn,
            "SDNN": float(hrv["HRV_SDNN"][0]), "RMSSD": float(hrv["HRV_RMSSD"][0]), "HR": 60000 / mean_nn}


if __name__ == "__main__":
    record = wfdb.rdrecord(os.path.join(FIX, "wfdb/synth16"))
    ecg = record.p_signal[:, 0]
    path = os.path.join(FIX, "edf/synth_ecg.edf")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    f = pyedflib.EdfWriter(path, 1, file_type=pyedflib.FILETYPE_EDF)
    f.setStartdatetime(datetime(2026, 3, 14, 9, 30, 15))
    f.setSignalHeaders([{"label": "ECG I", "dimension": "mV", "sample_frequency": record.fs, "physical_max": 5.0,
                         "physical_min": -5.0, "digital_max": 32767, "digital_min": -32768, "transducer": "", "prefilter": ""}])
    f.writeSamples([ecg])
    f.close()
    r = pyedflib.EdfReader(path)
    edf_ecg = r.readSignal(0)
    r.close()
    ref = {"wfdb_synth16": reference(ecg, record.fs), "edf_synth_ecg": reference(edf_ecg, record.fs)}
    with open(os.path.join(FIX, "ecg_reference.json"), "w") as out:
        json.dump(ref, out, allow_nan=False)
    for name, r in ref.items():
        print(name, len(r["peaks"]), "peaks, HR %.3f bpm, SDNN %.3f ms, RMSSD %.3f ms" % (r["HR"], r["SDNN"], r["RMSSD"]))
