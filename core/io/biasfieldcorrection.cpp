#include "core/io/biasfieldcorrection.h"

#include "core/io/itkvolume.h"

#include <itkBSplineControlPointImageFilter.h>
#include <itkDivideImageFilter.h>
#include <itkExpImageFilter.h>
#include <itkN4BiasFieldCorrectionImageFilter.h>
#include <itkOtsuThresholdImageFilter.h>
#include <itkShrinkImageFilter.h>

#include <algorithm>

namespace tr::core::io {

Result<Volume> correctBiasField(const Volume& volume, const BiasFieldSettings& settings)
{
    using Mask = itk::Image<unsigned char, 3>;
    try {
        // N4 works on the log of positive intensities; shift so the minimum is 1.
        Volume shifted = volume;
        const float minimum = *std::min_element(shifted.voxels.begin(), shifted.voxels.end());
        for (float& v : shifted.voxels)
            v = v - minimum + 1.0f;
        const auto image = toItk(shifted);

        auto otsu = itk::OtsuThresholdImageFilter<ItkVolume, Mask>::New();
        otsu->SetInput(image);
        otsu->SetInsideValue(0);
        otsu->SetOutsideValue(1); // above the threshold: the head
        otsu->Update();

        auto shrinkImage = itk::ShrinkImageFilter<ItkVolume, ItkVolume>::New();
        shrinkImage->SetInput(image);
        shrinkImage->SetShrinkFactors(settings.shrinkFactor);
        auto shrinkMask = itk::ShrinkImageFilter<Mask, Mask>::New();
        shrinkMask->SetInput(otsu->GetOutput());
        shrinkMask->SetShrinkFactors(settings.shrinkFactor);

        using N4 = itk::N4BiasFieldCorrectionImageFilter<ItkVolume, Mask, ItkVolume>;
        auto n4 = N4::New();
        n4->SetInput(shrinkImage->GetOutput());
        n4->SetMaskImage(shrinkMask->GetOutput());
        n4->SetMaskLabel(1);
        N4::VariableSizeArrayType iterations(settings.fittingLevels);
        iterations.Fill(settings.iterationsPerLevel);
        n4->SetMaximumNumberOfIterations(iterations);
        n4->SetNumberOfFittingLevels(settings.fittingLevels);
        n4->Update();

        // The field was fitted on the shrunk grid; evaluate its B-spline control
        // lattice on the full grid (as ITK's N4 example does) and divide it out.
        using Field = itk::Image<itk::Vector<float, 1>, 3>;
        auto reconstruct = itk::BSplineControlPointImageFilter<N4::BiasFieldControlPointLatticeType, Field>::New();
        reconstruct->SetInput(n4->GetLogBiasFieldControlPointLattice());
        reconstruct->SetSplineOrder(n4->GetSplineOrder());
        reconstruct->SetSize(image->GetLargestPossibleRegion().GetSize());
        reconstruct->SetOrigin(image->GetOrigin());
        reconstruct->SetSpacing(image->GetSpacing());
        reconstruct->SetDirection(image->GetDirection());
        reconstruct->Update();

        Volume corrected = volume;
        const auto* logField = reconstruct->GetOutput()->GetBufferPointer();
        for (std::size_t i = 0; i < corrected.voxels.size(); ++i)
            corrected.voxels[i] = (shifted.voxels[i] / std::exp(logField[i][0])) + minimum - 1.0f;
        return corrected;
    } catch (const itk::ExceptionObject& e) {
        return Error{ErrorCode::Internal, "N4 bias-field correction",
            "The correction failed on this volume; import it without --n4.", e.GetDescription()};
    }
}

} // namespace tr::core::io
