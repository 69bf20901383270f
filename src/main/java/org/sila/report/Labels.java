package org.sila.report;

import java.util.Map;

/** Arabic names of channels, case types and the bot's verdicts, as the association's staff call them. */
final class Labels {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("WEBCHAT", "المحادثة في الموقع"), Map.entry("TELEGRAM", "تيليجرام"),
            Map.entry("SMS", "الرسائل النصية"), Map.entry("WHATSAPP", "واتساب"),
            Map.entry("VOICE", "الرد الآلي الهاتفي"), Map.entry("EMAIL", "البريد الإلكتروني"),
            Map.entry("MESSENGER", "ماسنجر"), Map.entry("INSTAGRAM", "إنستغرام"),
            Map.entry("WALK_IN", "زيارة حضورية"), Map.entry("LETTER", "خطاب"), Map.entry("FAX", "فاكس"),
            Map.entry("PHONE", "اتصال هاتفي"), Map.entry("BRANCH_REP", "مندوب فرع"),
            Map.entry("SUPPORT_REQUEST", "طلب دعم"), Map.entry("COMPLAINT", "شكوى"),
            Map.entry("SUGGESTION", "اقتراح"), Map.entry("VOLUNTEER", "تطوع"), Map.entry("COMPENSATION", "تعويض"),
            Map.entry("DATA_UPDATE", "تحديث بيانات"), Map.entry("CALLBACK", "طلب اتصال"),
            Map.entry(RollupListeners.CONVERSATION, "استفسار (محادثة)"), Map.entry(RollupListeners.OTHER, "غير محدد"),
            Map.entry("UNSURE", "عرض خيارات"), Map.entry("UNKNOWN", "لم يفهم"),
            Map.entry("OUT_OF_SCOPE", "خارج نطاق الجمعية"));

    static final String[] SCORES = {"سيئ", "مقبول", "جيد", "جيد جدًا", "ممتاز"};

    private Labels() {
    }

    static String of(String key) {
        return NAMES.getOrDefault(key, key);
    }
}
