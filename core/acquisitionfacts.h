#pragma once
// What a study keeps about how a scan was acquired: the facts that explain how
// its images look (vendor, field strength, sequence and its timing, voxel size),
// and nothing that identifies the person or the visit (de-identification keeps
// these and drops the rest; see studies/schema/001.sql).

#include <optional>
#include <string>

namespace tr::core {

struct AcquisitionFacts {
    std::string manufacturer;      // e.g. "GE MEDICAL SYSTEMS"
    std::string model;             // e.g. "Signa HDxt"
    std::string sequence;          // e.g. "Accelerated SAG IR-SPGR" or "GR\IR"
    std::optional<double> fieldStrengthT;
    std::optional<double> repetitionTimeMs;
    std::optional<double> echoTimeMs;
    std::optional<double> flipAngleDeg;
};

} // namespace tr::core
