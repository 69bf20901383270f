package org.sila.casework;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import com.ibm.icu.text.Normalizer2;
import org.apache.lucene.analysis.ar.ArabicNormalizer;

/**
 * Place names as beneficiaries write them, compared with case, presentation forms and Arabic spelling folded
 * (أ إ آ→ا, ى→ي, ة→ه, harakat and tatweel gone), so "جدة" written "جده" or "Jeddah" written "JEDDAH" is one city.
 */
public final class PlaceNames {

    private static final Normalizer2 CASE_AND_FORMS = Normalizer2.getNFKCCasefoldInstance();

    private PlaceNames() {
    }

    /** Whether {@code place} as written (a district, then the city) names {@code city}: its words, in order. */
    public static boolean names(String place, String city) {
        List<String> name = words(city);
        return place != null && !name.isEmpty() && Collections.indexOfSubList(words(place), name) >= 0;
    }

    static List<String> words(String place) {
        char[] folded = CASE_AND_FORMS.normalize(place).toCharArray();
        int length = new ArabicNormalizer().normalize(folded, folded.length);
        return Arrays.stream(new String(folded, 0, length).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).toList();
    }
}
