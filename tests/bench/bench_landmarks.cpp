// Scores the automatic landmark suggestion (registration of Colin27) against
// landmarks placed by eye (tests/data/landmarks/hand-placed.csv): distance of AC
// and PC, and the angles between the AC-PC lines and between the mid-sagittal
// planes, which are what the alignment uses. Prints figures; asserts nothing.
//
//   bench_landmarks [CSV]

#include "core/io/landmarksuggestion.h"
#include "core/io/volumereader.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace tr::core;

namespace {
double angleDeg(const Vec3& a, const Vec3& b)
{
    const double c = std::abs(dot(a, b)) / (norm(a) * norm(b));
    return std::acos(std::min(1.0, c)) * 180.0 / kPi;
}
Vec3 planeNormal(const Landmarks& l)
{
    return cross(*l[Landmark::PosteriorCommissure] - *l[Landmark::AnteriorCommissure],
        *l[Landmark::MidSagittal] - *l[Landmark::AnteriorCommissure]);
}
} // namespace

int main(int argc, char** argv)
{
    const std::string source = TR_SOURCE_DIR;
    const std::string csv = argc > 1 ? argv[1] : source + "/tests/data/landmarks/hand-placed.csv";
    std::ifstream in(csv);
    if (!in) {
        std::fprintf(stderr, "error: %s: cannot be read\n", csv.c_str());
        return 1;
    }
    std::printf("%-40s %7s %7s %9s %9s %7s\n", "volume", "AC mm", "PC mm", "ACPC deg", "plane deg", "time s");
    std::string line;
    double sumAc = 0, sumPc = 0;
    int n = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#' || line.rfind("file,", 0) == 0)
            continue;
        std::stringstream fields(line);
        std::string file, cell;
        std::getline(fields, file, ',');
        std::vector<double> v;
        while (std::getline(fields, cell, ','))
            v.push_back(std::stod(cell));
        if (v.size() != 9) {
            std::fprintf(stderr, "error: %s: a line needs a file and 9 numbers: %s\n", csv.c_str(), line.c_str());
            return 1;
        }
        const std::string path = file.rfind("shared/", 0) == 0 ? source + "/../shared/data/" + file.substr(7)
                                                                : source + "/" + file;
        auto volume = io::readVolume(path);
        if (!volume) {
            std::printf("%-40s skipped: %s\n", file.c_str(), volume.error().message.c_str());
            continue;
        }
        Landmarks hand;
        hand[Landmark::AnteriorCommissure] = Vec3{v[0], v[1], v[2]};
        hand[Landmark::PosteriorCommissure] = Vec3{v[3], v[4], v[5]};
        hand[Landmark::MidSagittal] = Vec3{v[6], v[7], v[8]};
        const auto start = std::chrono::steady_clock::now();
        const auto suggestion = io::suggestLandmarksFromColin27(*volume);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!suggestion) {
            std::printf("%-40s failed: %s\n", file.c_str(), suggestion.error().toString().c_str());
            continue;
        }
        const auto& a = suggestion->landmarks;
        const double ac = norm(*a[Landmark::AnteriorCommissure] - *hand[Landmark::AnteriorCommissure]);
        const double pc = norm(*a[Landmark::PosteriorCommissure] - *hand[Landmark::PosteriorCommissure]);
        const double lineAngle = angleDeg(*a[Landmark::PosteriorCommissure] - *a[Landmark::AnteriorCommissure],
            *hand[Landmark::PosteriorCommissure] - *hand[Landmark::AnteriorCommissure]);
        const double plane = angleDeg(planeNormal(a), planeNormal(hand));
        std::printf("%-40s %7.1f %7.1f %9.1f %9.1f %7.1f\n", file.substr(file.rfind('/') + 1).c_str(), ac, pc, lineAngle,
            plane, seconds);
        sumAc += ac;
        sumPc += pc;
        ++n;
    }
    if (n)
        std::printf("mean over %d volumes: AC %.1f mm, PC %.1f mm\n", n, sumAc / n, sumPc / n);
    return 0;
}
