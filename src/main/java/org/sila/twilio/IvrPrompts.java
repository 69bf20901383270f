package org.sila.twilio;

import com.twilio.twiml.voice.Say;

/** What the phone menu says, Arabic first; English on key 9. */
enum IvrPrompts {

    AR(Say.Language.AR_XA,
            "مرحباً بكم في خط خدمة المستفيدين.",
            "لمعرفة حالة طلبك اضغط 1. لطلب معاودة الاتصال اضغط 2. للتحدث مع أحد الموظفين اضغط 0.",
            "اختيار غير صحيح.",
            "أدخل رقم طلبك المكوّن من عشرة أرقام، السنة ثم الرقم، ثم اضغط علامة المربع.",
            "لم نجد طلباً بهذا الرقم مسجلاً على رقم هاتفك.",
            "حالة طلبك: ",
            "تم تسجيل طلبك، وسيتصل بك أحد موظفينا في أقرب وقت.",
            "جارٍ تحويلك إلى أحد الموظفين، يرجى الانتظار.",
            "مكتبنا مغلق الآن، أو لم يتمكن أحد من الرد. اترك رسالتك بعد سماع الصافرة، ثم اضغط علامة المربع.",
            "شكراً لك، وصلت رسالتك وسنعاود الاتصال بك.",
            "شكراً لاتصالك، مع السلامة."),
    EN(Say.Language.EN_US,
            "Welcome to the beneficiary service line.",
            "For the status of your request, press 1. To request a call back, press 2. "
                    + "To speak to a member of staff, press 0.",
            "That is not one of the choices.",
            "Enter your ten-digit request number, the year then the number, followed by the hash key.",
            "We found no request with that number registered to your phone number.",
            "Your request: ",
            "Your request is recorded; a member of our staff will call you back soon.",
            "Connecting you to a member of staff, please hold.",
            "Our office is closed now, or no one could answer. Leave your message after the tone, "
                    + "then press the hash key.",
            "Thank you, your message has reached us and we will call you back.",
            "Thank you for calling. Goodbye.");

    final Say.Language language;
    final String welcome;
    final String menu;
    final String invalid;
    final String enterReference;
    final String notFound;
    final String statusIs;
    final String callbackRecorded;
    final String connecting;
    final String leaveMessage;
    final String messageReceived;
    final String goodbye;

    IvrPrompts(Say.Language language, String welcome, String menu, String invalid, String enterReference,
               String notFound, String statusIs, String callbackRecorded, String connecting, String leaveMessage,
               String messageReceived, String goodbye) {
        this.language = language;
        this.welcome = welcome;
        this.menu = menu;
        this.invalid = invalid;
        this.enterReference = enterReference;
        this.notFound = notFound;
        this.statusIs = statusIs;
        this.callbackRecorded = callbackRecorded;
        this.connecting = connecting;
        this.leaveMessage = leaveMessage;
        this.messageReceived = messageReceived;
        this.goodbye = goodbye;
    }

    String code() {
        return name().toLowerCase();
    }

    static IvrPrompts of(String code) {
        return "en".equalsIgnoreCase(code) ? EN : AR;
    }
}
