package dev.examsessions.e2e;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person sees and does on the exam page, for the browser scenarios. Every step waits for its effect. */
final class PageUi implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern POSITION = Pattern.compile("Question (\\d+) of (\\d+)");
    private static final Pattern SESSION = Pattern.compile("#/exam/([^/]+)");

    final ChromeDriver driver;
    final String base;
    final WebDriverWait wait;

    PageUi(String base) {
        this.driver = Browser.start();
        this.base = base;
        WebDriverWait w = new WebDriverWait(driver, WAIT);
        // The page re-renders the options after every save: an element found a moment ago may be replaced.
        w.ignoring(StaleElementReferenceException.class);
        this.wait = w;
    }

    static PageUi on(AppProcess app) {
        return new PageUi("http://127.0.0.1:" + app.port());
    }

    @Override
    public void close() {
        driver.quit();
    }

    void open() {
        driver.get(base + "/");
    }

    /** The dev sign-in form, as a person fills it in. */
    void signIn(long userId) {
        screen("screen-signin");
        WebElement input = driver.findElement(By.id("signin-user"));
        input.clear();
        input.sendKeys(Long.toString(userId));
        driver.findElement(By.cssSelector("#signin-form button[type=submit]")).click();
        screen("screen-home");
    }

    /** Sets the cookie as a platform's own login would (set-ups without dev sign-in), then loads the page. */
    void signInWithCookie(String token) {
        open();
        screen("screen-signin");
        driver.manage().addCookie(new Cookie.Builder("sessionToken", token).path("/").isHttpOnly(true)
                .sameSite("Strict").build());
        driver.navigate().refresh();
        screen("screen-home");
    }

    /** Clicks "Start exam" or "Practice" of an exam type; returns the session id from the address. */
    String start(String examType, String mode) {
        click(By.cssSelector("[data-exam-type='" + examType + "'] button[data-mode='" + mode + "']"));
        screen("screen-exam");
        waitPosition(1);
        return sessionId();
    }

    String sessionId() {
        Matcher m = SESSION.matcher(driver.getCurrentUrl());
        if (!m.find()) {
            throw new AssertionError("no exam in the address " + driver.getCurrentUrl());
        }
        return m.group(1);
    }

    void screen(String id) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    boolean visible(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    void click(By by) {
        // found and clicked in one step, retried when a re-render replaced the element in between
        wait.until(d -> {
            WebElement e = d.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    void clickId(String id) {
        click(By.id(id));
    }

    // ---- the question ----------------------------------------------------------------------------

    int position() {
        Matcher m = POSITION.matcher(text("question-position"));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    void waitPosition(int position) {
        wait.until(d -> position() == position);
    }

    /** Clicks option {@code key} and waits until it shows as chosen. */
    void choose(String key) {
        click(By.cssSelector("#options [data-key='" + key + "']"));
        waitSelected(key);
    }

    void waitSelected(String key) {
        wait.until(d -> key == null ? selected() == null : key.equals(selected()));
    }

    /** The option shown as chosen, or null. */
    String selected() {
        return driver.findElements(By.cssSelector("#options [aria-checked='true']")).stream()
                .map(e -> e.getAttribute("data-key")).findFirst().orElse(null);
    }

    List<String> optionKeys() {
        return driver.findElements(By.cssSelector("#options [role='radio']")).stream()
                .map(e -> e.getAttribute("data-key")).toList();
    }

    boolean optionsDisabled() {
        return driver.findElements(By.cssSelector("#options [role='radio']")).stream().noneMatch(WebElement::isEnabled);
    }

    void next() {
        int at = position();
        clickId("btn-next");
        waitPosition(at + 1);
    }

    void goTo(int position) {
        click(By.cssSelector("#navigator button[data-position='" + position + "']"));
        waitPosition(position);
    }

    void flag() {
        clickId("btn-flag");
        screen("question-flag");
    }

    /** Waits until the autosave says everything is acknowledged. */
    void waitSaved() {
        waitSaveState("saved");
    }

    void waitSaveState(String state) {
        wait.until(ExpectedConditions.attributeToBe(By.id("save-status"), "data-state", state));
    }

    WebElement navButton(int position) {
        return driver.findElement(By.cssSelector("#navigator button[data-position='" + position + "']"));
    }

    /** The navigator's state classes of a position ("answered flagged locked"). */
    String navState(int position) {
        return navButton(position).getAttribute("class");
    }

    /** The countdown in seconds ("14:58" → 898), or -1 before it shows a time. */
    long timerSeconds() {
        String shown = text("timer");
        if (!shown.matches("[0-9]+(:[0-9]{2}){1,2}")) {
            return -1;
        }
        long seconds = 0;
        for (String p : shown.split(":")) {
            seconds = seconds * 60 + Long.parseLong(p);
        }
        return seconds;
    }

    /** Keys typed as a person would, to whatever has the focus. */
    void keys(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    static CharSequence right() {
        return Keys.ARROW_RIGHT;
    }

    static CharSequence left() {
        return Keys.ARROW_LEFT;
    }

    java.nio.file.Path screenshot(String name) {
        return Browser.screenshot(driver, name);
    }
}
