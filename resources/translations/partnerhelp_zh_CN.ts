<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnswerPane</name>
    <message>
        <source>Answer pane</source>
        <extracomment>An ``article:ID`` link was clicked. The zoom changed; the new step count (ZOOM_MIN..ZOOM_MAX). A short text for the status bar (e.g. why an export failed). The mouse is over a link (its URL) or left it (&quot;&quot;), for the status bar. The current search hit changed: (0-based index or -1, number of hits). The star was clicked (the owner toggles the bookmark and calls ``set_bookmark``). &quot;Add note&quot; or &quot;Edit note&quot; was clicked. A ``search:TEXT`` link in a message page was clicked.</extracomment>
        <translation>答案窗格</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Add Note…</source>
        <translation>添加笔记…</translation>
    </message>
    <message>
        <source>Write a note of your own on this bookmark</source>
        <translation>为此书签写一条自己的笔记</translation>
    </message>
    <message>
        <source>My note</source>
        <translation>我的笔记</translation>
    </message>
    <message>
        <source>Edit Note…</source>
        <translation>编辑笔记…</translation>
    </message>
    <message>
        <source>★ Bookmarked</source>
        <translation>★ 已加书签</translation>
    </message>
    <message>
        <source>☆ Bookmark</source>
        <translation>☆ 加书签</translation>
    </message>
    <message>
        <source>Remove the bookmark (Ctrl+D)</source>
        <translation>删除书签（Ctrl+D）</translation>
    </message>
    <message>
        <source>Bookmark (Ctrl+D)</source>
        <translation>加书签（Ctrl+D）</translation>
    </message>
    <message>
        <source>Print Answer</source>
        <translation>打印答案</translation>
    </message>
    <message>
        <source>Export as PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not export the PDF to {path}: {reason}</source>
        <translation>无法将 PDF 导出到 {path}：{reason}</translation>
    </message>
    <message>
        <source>Could not export the PDF to {path}</source>
        <translation>无法将 PDF 导出到 {path}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The content pack in %1 cannot be used:</source>
        <translation>无法使用 %1 中的内容包：</translation>
    </message>
    <message>
        <source>Showing the bundled content instead.</source>
        <translation>改为显示内置内容。</translation>
    </message>
    <message>
        <source>Something went wrong: %1
PartnerHelp keeps running. Details were saved to %2.</source>
        <translation>出现错误：%1
PartnerHelp 仍在运行。详细信息已保存到 %2。</translation>
    </message>
</context>
<context>
    <name>Bookmarks</name>
    <message>
        <source>Bookmarks not changed: %1</source>
        <translation>书签未更改：%1</translation>
    </message>
    <message>
        <source>Your bookmarks were saved by a newer version of PartnerHelp. They are shown, but this version cannot change them; update PartnerHelp to change them again.</source>
        <translation>您的书签是由更新版本的 PartnerHelp 保存的。书签可以查看，但此版本无法修改；请更新 PartnerHelp 后再修改。</translation>
    </message>
    <message numerus="yes">
        <source>%n bookmark(s) in your bookmarks file could not be read and were left out; all the others are kept.</source>
        <translation>
            <numerusform>书签文件中有 %n 个书签无法读取，已略去；其余书签均已保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Your bookmarks file could not be read, so your bookmarks were restored from the copy kept before the last change.</source>
        <translation>无法读取您的书签文件，已从上次修改前保留的副本恢复书签。</translation>
    </message>
    <message>
        <source>Your bookmarks file was damaged by another program; the bookmarks this window had were saved again.</source>
        <translation>您的书签文件被其他程序损坏；已重新保存此窗口中的书签。</translation>
    </message>
    <message>
        <source>Your bookmarks file could not be read and there was no usable copy, so the bookmarks list starts empty.</source>
        <translation>无法读取您的书签文件，也没有可用的副本，因此书签列表从空白开始。</translation>
    </message>
    <message>
        <source>The old file was not deleted; it was moved to:
%1</source>
        <translation>原文件没有删除，已移到：
%1</translation>
    </message>
    <message>
        <source>The old file could not be moved aside, so bookmarks cannot be changed until it is fixed or removed:
%1</source>
        <translation>无法移开原文件，在修复或移除该文件之前无法修改书签：
%1</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>No longer in the content pack.</source>
        <translation>已不在内容包中。</translation>
    </message>
    <message>
        <source>No longer in the content pack</source>
        <translation>已不在内容包中</translation>
    </message>
</context>
<context>
    <name>BookmarksPanel</name>
    <message>
        <source>Filter bookmarks and notes</source>
        <translation>筛选书签和笔记</translation>
    </message>
    <message>
        <source>Filter bookmarks</source>
        <translation>筛选书签</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>新建文件夹</translation>
    </message>
    <message>
        <source>Create a folder for bookmarks</source>
        <translation>新建一个书签文件夹</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>No bookmarks yet. Open an article and press Ctrl+D (or the ☆ above the answer) to keep it here.</source>
        <translation>还没有书签。打开一篇文章，按 Ctrl+D（或点击答案上方的 ☆）即可保存到这里。</translation>
    </message>
    <message>
        <source>No bookmark or note contains “%1”.</source>
        <translation>没有包含“%1”的书签或笔记。</translation>
    </message>
    <message numerus="yes">
        <source>Folder “%1” deleted; its %n bookmark(s) moved to the top level.</source>
        <translation>
            <numerusform>已删除文件夹“%1”；其中的 %n 个书签已移到顶层。</numerusform>
        </translation>
    </message>
    <message>
        <source>Folder “%1” deleted.</source>
        <translation>已删除文件夹“%1”。</translation>
    </message>
    <message>
        <source>New Folder %1</source>
        <translation>新建文件夹 %1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Edit Note…</source>
        <translation>编辑笔记…</translation>
    </message>
    <message>
        <source>Move To</source>
        <translation>移动到</translation>
    </message>
    <message>
        <source>Top Level</source>
        <translation>顶层</translation>
    </message>
    <message>
        <source>Remove Bookmark</source>
        <translation>删除书签</translation>
    </message>
    <message>
        <source>Rename Folder</source>
        <translation>重命名文件夹</translation>
    </message>
    <message>
        <source>Delete Folder</source>
        <translation>删除文件夹</translation>
    </message>
</context>
<context>
    <name>ContentControls</name>
    <message>
        <source>Indexing progress</source>
        <translation>索引进度</translation>
    </message>
    <message>
        <source>Indexing %p%</source>
        <translation>正在建立索引 %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop building the search index (reading still works)</source>
        <translation>停止建立搜索索引（仍可阅读）</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>取消建立索引</translation>
    </message>
    <message>
        <source>Import Content Pack…</source>
        <translation>导入内容包…</translation>
    </message>
    <message>
        <source>Import Content Pack Folder…</source>
        <translation>导入内容包文件夹…</translation>
    </message>
    <message>
        <source>Use Bundled Content</source>
        <translation>使用内置内容</translation>
    </message>
    <message>
        <source>Rebuild Search Index</source>
        <translation>重建搜索索引</translation>
    </message>
    <message>
        <source>Indexing cancelled. Search is off until the index is built (File → Rebuild Search Index).</source>
        <translation>已取消建立索引。在索引建好之前无法搜索（文件 → 重建搜索索引）。</translation>
    </message>
    <message>
        <source>The search index could not be built: %1</source>
        <translation>无法建立搜索索引：%1</translation>
    </message>
    <message>
        <source>Indexing %1 of %2 articles; search starts when it is done.</source>
        <translation>正在为第 %1 篇（共 %2 篇）文章建立索引；完成后即可搜索。</translation>
    </message>
    <message>
        <source>Import Content Pack Folder</source>
        <translation>导入内容包文件夹</translation>
    </message>
    <message>
        <source>Import Content Pack</source>
        <translation>导入内容包</translation>
    </message>
    <message>
        <source>Content packs (*.zip);;All files (*)</source>
        <translation>内容包 (*.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Content pack not installed</source>
        <translation>内容包未安装</translation>
    </message>
    <message>
        <source>%1

The current content stays in use.</source>
        <translation>%1

继续使用当前内容。</translation>
    </message>
    <message>
        <source>Now using %1 %2.</source>
        <translation>现在使用 %1 %2。</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in page</source>
        <extracomment>The text or the match-case box changed: (text, case_sensitive). Go to the next / previous match. The bar was closed (Esc or the close button).</extracomment>
        <translation>页内查找</translation>
    </message>
    <message>
        <source>Text to find</source>
        <translation>要查找的文字</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一处匹配 (Shift+Enter)</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一处匹配</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一处匹配 (Enter)</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一处匹配</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find result</source>
        <translation>查找结果</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the find bar (Esc)</source>
        <translation>关闭查找栏 (Esc)</translation>
    </message>
    <message>
        <source>Close find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>{total} matches</source>
        <translation>{total} 处匹配</translation>
    </message>
    <message>
        <source>{current} of {total}</source>
        <translation>第 {current} 处，共 {total} 处</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%1 %2 · %n article(s)</source>
        <translation>
            <numerusform>%1 %2 · %n 篇文章</numerusform>
        </translation>
    </message>
    <message>
        <source>Content pack</source>
        <translation>内容包</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Put the removed bookmark back, with its note</source>
        <translation>恢复刚删除的书签及其笔记</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前进</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Find in Page</source>
        <translation>页内查找</translation>
    </message>
    <message>
        <source>Next Match</source>
        <translation>下一处匹配</translation>
    </message>
    <message>
        <source>Previous Match</source>
        <translation>上一处匹配</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Copy Answer</source>
        <translation>复制答案</translation>
    </message>
    <message>
        <source>Copy Link to Article</source>
        <translation>复制文章链接</translation>
    </message>
    <message>
        <source>Bookmark This Article</source>
        <translation>为此文章加书签</translation>
    </message>
    <message>
        <source>Edit Note…</source>
        <translation>编辑笔记…</translation>
    </message>
    <message>
        <source>Show Bookmarks</source>
        <translation>显示书签</translation>
    </message>
    <message>
        <source>Import Bookmarks…</source>
        <translation>导入书签…</translation>
    </message>
    <message>
        <source>Export Bookmarks…</source>
        <translation>导出书签…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Export as PDF…</source>
        <translation>导出为 PDF…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About PartnerHelp</source>
        <translation>关于 PartnerHelp</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Recent Articles</source>
        <translation>最近阅读</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>导航</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>No article “%1” in this content pack.</source>
        <translation>此内容包中没有文章“%1”。</translation>
    </message>
    <message>
        <source>This article is no longer in the content pack (%1 %2). Your bookmark and note are kept until you remove them.</source>
        <translation>此文章已不在内容包（%1 %2）中。您的书签和笔记会一直保留，直到您删除它们。</translation>
    </message>
    <message>
        <source>Search for “%1”</source>
        <translation>搜索“%1”</translation>
    </message>
    <message>
        <source>My note</source>
        <translation>我的笔记</translation>
    </message>
    <message>
        <source>Bookmarked. Ctrl+B shows your bookmarks.</source>
        <translation>已加书签。按 Ctrl+B 查看您的书签。</translation>
    </message>
    <message>
        <source>Bookmark “%1” removed.</source>
        <translation>已删除书签“%1”。</translation>
    </message>
    <message>
        <source>Bookmark restored.</source>
        <translation>书签已恢复。</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Import Bookmarks</source>
        <translation>导入书签</translation>
    </message>
    <message>
        <source>Bookmarks (*.yaml *.yml *.xbel);;All files (*)</source>
        <translation>书签 (*.yaml *.yml *.xbel);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Nothing was imported from %1:
%2</source>
        <translation>未从 %1 导入任何内容：
%2</translation>
    </message>
    <message numerus="yes">
        <source>%n bookmark(s) added.</source>
        <translation>
            <numerusform>新增 %n 个书签。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already bookmarked; the imported note was added to yours.</source>
        <translation>
            <numerusform>%n 个已有书签：导入的笔记已追加到您的笔记中。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already there and unchanged.</source>
        <translation>
            <numerusform>%n 个已存在，未更改。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) that are not PartnerHelp articles were skipped.</source>
        <translation>
            <numerusform>跳过了 %n 个不是 PartnerHelp 文章的链接。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies) could not be read:</source>
        <translation>
            <numerusform>%n 个条目无法读取：</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported from %1:</source>
        <translation>已从 %1 导入：</translation>
    </message>
    <message>
        <source>Bookmarks imported: %1 added, %2 updated.</source>
        <translation>书签已导入：新增 %1 个，更新 %2 个。</translation>
    </message>
    <message>
        <source>Bookmarks (*.yaml)</source>
        <translation>书签 (*.yaml)</translation>
    </message>
    <message>
        <source>XBEL bookmarks (*.xbel)</source>
        <translation>XBEL 书签 (*.xbel)</translation>
    </message>
    <message>
        <source>Export Bookmarks</source>
        <translation>导出书签</translation>
    </message>
    <message numerus="yes">
        <source>%n bookmark(s) exported to %1.</source>
        <translation>
            <numerusform>已将 %n 个书签导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Answer copied (formatted and plain text).</source>
        <translation>已复制答案（带格式和纯文本）。</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>已复制链接。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Open the top result</source>
        <translation>打开第一条结果</translation>
    </message>
    <message>
        <source>Enter in the search box</source>
        <translation>在搜索框中按 Enter</translation>
    </message>
    <message>
        <source>Move through results</source>
        <translation>在结果间移动</translation>
    </message>
    <message>
        <source>Up / Down in the search box</source>
        <translation>在搜索框中按 上/下</translation>
    </message>
    <message>
        <source>Clear the search, back to topics</source>
        <translation>清除搜索，回到主题</translation>
    </message>
    <message>
        <source>Esc in the search box</source>
        <translation>在搜索框中按 Esc</translation>
    </message>
    <message>
        <source>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;Offline help for partner-centre questions.&lt;/p&gt;&lt;p&gt;Content: %3, version %4 (%5 articles).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;%1 %2&lt;/h3&gt;&lt;p&gt;伙伴中心常见问题的离线帮助。&lt;/p&gt;&lt;p&gt;内容：%3，版本 %4（%5 篇文章）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Type a question in the search box (Ctrl+K), or pick a topic on the left.&lt;/p&gt;&lt;p&gt;Press F1 for all keyboard shortcuts.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在搜索框中输入问题（Ctrl+K），或在左侧选择主题。&lt;/p&gt;&lt;p&gt;按 F1 查看全部键盘快捷键。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Note on “%1”</source>
        <translation>“%1”的笔记</translation>
    </message>
    <message>
        <source>Your own note on “%1”. It is shown above the answer and found by the bookmarks filter; it never leaves this computer unless you export your bookmarks.</source>
        <translation>您对“%1”的个人笔记。它显示在答案上方，也可以用书签筛选找到；除非您导出书签，否则它不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>笔记</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Changes take effect the next time PartnerHelp starts.</source>
        <translation>更改将在下次启动 PartnerHelp 时生效。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Search (Ctrl+K)</source>
        <translation>搜索（Ctrl+K）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Search only the selected topic</source>
        <translation>仅搜索所选主题</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>搜索状态</translation>
    </message>
    <message>
        <source>Only in the selected topic</source>
        <translation>仅在所选主题中</translation>
    </message>
    <message>
        <source>Only in “%1”</source>
        <translation>仅在“%1”中</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <source>No results for “%1”.</source>
        <translation>没有找到“%1”的结果。</translation>
    </message>
    <message>
        <source>&lt;a href=&quot;scope:all&quot;&gt;Search all topics&lt;/a&gt;</source>
        <translation>&lt;a href=&quot;scope:all&quot;&gt;搜索全部主题&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Try: %1</source>
        <translation>试试：%1</translation>
    </message>
    <message>
        <source>Use fewer words, or another word for the same thing.</source>
        <translation>减少关键词，或换一个意思相同的说法。</translation>
    </message>
</context>
<context>
    <name>TopicTree</name>
    <message>
        <source>Topics</source>
        <translation>主题</translation>
    </message>
</context>
</TS>
